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
package struct ReturnSaga: SagaStateMachine {
    package static let sagaType = "return"

    package var request: Request
    package var settings: Settings
    package var facts = Facts()
    /// Commands already sent (by key), so that none is sent twice whatever order the facts come in.
    package var sent: Set<String> = []

    package init(request: Request, settings: Settings) {
        self.request = request
        self.settings = settings
    }

    /// The saga as it starts when the return is requested, and its first command (the broadcast).
    package static func start(request: Request, settings: Settings, at now: Date) -> (ReturnSaga, [Command]) {
        var saga = ReturnSaga(request: request, settings: settings)
        saga.facts.requestedAt = now
        let commands = saga.advance(at: now)
        return (saga, commands)
    }

    package enum Kind: String, Codable, Sendable, Hashable {
        case `return`, exchange
    }

    /// What is returned, fixed when the return is requested.
    package struct Request: Codable, Sendable, Hashable {
        package var returnId: String
        package var orderId: String
        package var customerId: String
        package var customerName: String
        package var deliveryAddress: String
        package var kind: Kind
        package var lines: [ReturnLine]
        package var reason: String
        package var requestedBy: String

        package init(
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
    package struct Settings: Codable, Sendable, Hashable {
        package var confirmationWorkingDays: Int
        package var inspectionWorkingDays: Int
        package var approvalWorkingDays: Int
        package var returnNoteWorkingDays: Int
        package var receiptWorkingDays: Int
        package var creditNoteWorkingDays: Int
        package var replacementDispatchWorkingDays: Int
        package var replacementDeliveryDays: Int
        package var calendar: BusinessCalendar

        package init(
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

    package var isFinished: Bool { phase == .refunded || phase == .exchanged || phase == .rejected }
}
