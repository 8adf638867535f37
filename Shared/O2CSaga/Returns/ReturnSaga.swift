import Foundation
import O2CContracts

/// The return/exchange saga (DOMAIN.md "After-sales and returns", 退货/换货), hosted by after-sales:
///
///     requested → branch_manager confirms → technician authenticates the goods → sales_manager approves
///     the return detail (红字需货申请单) → reversing note issued (红字销售出库单) → goods received
///     → return: credit note issued → refunded | exchange: replacement dispatched → delivered → exchanged
///
/// Any refusal on the way (not confirmed, not genuine, not approved) ends it `rejected`, nothing having
/// moved. Like the order-to-cash saga, its state is the set of facts heard so far with their times;
/// phase, deadlines and steps are derived, each command is sent once, and a fact heard twice or early
/// is harmless. Every waiting step has a deadline whose expiry raises `ReturnStepOverdue` once.
public struct ReturnSaga: SagaStateMachine {
    public static let sagaType = "return"

    public var request: Request
    public var settings: Settings
    public var facts = Facts()
    /// Commands already sent (by key), so that none is sent twice whatever order the facts come in.
    public var sent: Set<String> = []

    public init(request: Request, settings: Settings) {
        self.request = request
        self.settings = settings
    }

    /// The saga as it starts when the return is requested, and its first command (the broadcast).
    public static func start(request: Request, settings: Settings, at now: Date) -> (ReturnSaga, [Command]) {
        var saga = ReturnSaga(request: request, settings: settings)
        saga.facts.requestedAt = now
        let commands = saga.advance(at: now)
        return (saga, commands)
    }

    public enum Kind: String, Codable, Sendable, Hashable {
        case `return`, exchange
    }

    /// What is returned, fixed when the return is requested.
    public struct Request: Codable, Sendable, Hashable {
        public var returnId: String
        public var orderId: String
        public var customerId: String
        public var customerName: String
        public var deliveryAddress: String
        public var kind: Kind
        public var lines: [ReturnLine]
        public var reason: String
        public var requestedBy: String

        public init(
            returnId: String, orderId: String, customerId: String, customerName: String, deliveryAddress: String, kind: Kind,
            lines: [ReturnLine], reason: String, requestedBy: String
        ) {
            self.returnId = returnId
            self.orderId = orderId
            self.customerId = customerId
            self.customerName = customerName
            self.deliveryAddress = deliveryAddress
            self.kind = kind
            self.lines = lines
            self.reason = reason
            self.requestedBy = requestedBy
        }
    }

    /// The deadline of each waiting step (configurable): working days on the business calendar, except
    /// the replacement's delivery, counted in calendar days (transport does not stop at weekends).
    public struct Settings: Codable, Sendable, Hashable {
        public var confirmationWorkingDays: Int
        public var inspectionWorkingDays: Int
        public var approvalWorkingDays: Int
        public var returnNoteWorkingDays: Int
        public var receiptWorkingDays: Int
        public var creditNoteWorkingDays: Int
        public var replacementDispatchWorkingDays: Int
        public var replacementDeliveryDays: Int
        public var calendar: BusinessCalendar

        public init(
            confirmationWorkingDays: Int = 1, inspectionWorkingDays: Int = 3, approvalWorkingDays: Int = 1,
            returnNoteWorkingDays: Int = 1, receiptWorkingDays: Int = 5, creditNoteWorkingDays: Int = 1,
            replacementDispatchWorkingDays: Int = 2, replacementDeliveryDays: Int = 10, calendar: BusinessCalendar = BusinessCalendar()
        ) {
            self.confirmationWorkingDays = confirmationWorkingDays
            self.inspectionWorkingDays = inspectionWorkingDays
            self.approvalWorkingDays = approvalWorkingDays
            self.returnNoteWorkingDays = returnNoteWorkingDays
            self.receiptWorkingDays = receiptWorkingDays
            self.creditNoteWorkingDays = creditNoteWorkingDays
            self.replacementDispatchWorkingDays = replacementDispatchWorkingDays
            self.replacementDeliveryDays = replacementDeliveryDays
            self.calendar = calendar
        }
    }

    public var isFinished: Bool { phase == .refunded || phase == .exchanged || phase == .rejected }
}
