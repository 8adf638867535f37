import Foundation
import O2CContracts

/// The order-to-cash saga (DOMAIN.md "The order-to-cash flow"), hosted by orders:
///
///     contract signed → credit reserved → deposit requested → deposit received → shipment scheduled
///     → dispatched → delivered → balance invoiced (due per grade) → paid → credit released → completed
///
/// with the deadlines of DOMAIN.md as timeouts (an unpaid deposit after N days cancels the order; goods
/// not gone within 2 working days of the deposit raise an alert) and compensations for refusal and
/// cancellation. The state is the set of facts received so far, each with its time; the state name,
/// what it waits for, its deadlines and its steps are all derived from them. A fact that arrives early
/// is kept, a fact received twice changes nothing, and each command is sent once.
package struct OrderToCashSaga: SagaStateMachine {
    package static let sagaType = "order-to-cash"

    package var order: OrderFacts
    package var settings: Settings
    package var facts = Facts()
    /// Commands already sent, so that none is sent twice whatever order the facts come in.
    package var sent: Set<CommandKey> = []

    package init(order: OrderFacts, settings: Settings) {
        self.order = order
        self.settings = settings
    }

    /// The saga as it starts when the contract is signed, and its first command.
    package static func start(order: OrderFacts, settings: Settings, at now: Date) -> (OrderToCashSaga, [Command]) {
        var saga = OrderToCashSaga(order: order, settings: settings)
        saga.facts.signedAt = now
        let commands = saga.advance(at: now)
        return (saga, commands)
    }

    /// The configurable parts (DOMAIN.md: "Deadlines (configurable; each one is a saga timeout)").
    package struct Settings: Codable, Sendable, Hashable {
        /// An unpaid deposit after this many days cancels the order and releases its credit.
        package var depositDays: Int
        /// Goods leave within this many working days of the deposit (or payment) arriving.
        package var shipWithinWorkingDays: Int
        package var calendar: BusinessCalendar
        /// The customer confirms the order within this many hours of signing, else customer_service is alerted.
        package var customerConfirmationHours: Int
        /// The customer is told what shipped within this many working days of dispatch.
        package var shipmentNoticeWorkingDays: Int
        /// The payment notice goes out within this many days of the credit reservation (the confirmation).
        package var paymentNoticeDays: Int
        /// The waybill reaches finance within this many working days of dispatch.
        package var waybillWorkingDays: Int

        package init(
            depositDays: Int = DepositWindow.defaultDays, shipWithinWorkingDays: Int = 2, calendar: BusinessCalendar = BusinessCalendar(),
            customerConfirmationHours: Int = 4, shipmentNoticeWorkingDays: Int = 2, paymentNoticeDays: Int = 1,
            waybillWorkingDays: Int = 1
        ) {
            self.depositDays = depositDays
            self.shipWithinWorkingDays = shipWithinWorkingDays
            self.calendar = calendar
            self.customerConfirmationHours = customerConfirmationHours
            self.shipmentNoticeWorkingDays = shipmentNoticeWorkingDays
            self.paymentNoticeDays = paymentNoticeDays
            self.waybillWorkingDays = waybillWorkingDays
        }

        /// Sagas stored before a setting existed take its default.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                depositDays: try container.decode(Int.self, forKey: .depositDays),
                shipWithinWorkingDays: try container.decode(Int.self, forKey: .shipWithinWorkingDays),
                calendar: try container.decode(BusinessCalendar.self, forKey: .calendar),
                customerConfirmationHours: try container.decodeIfPresent(Int.self, forKey: .customerConfirmationHours) ?? 4,
                shipmentNoticeWorkingDays: try container.decodeIfPresent(Int.self, forKey: .shipmentNoticeWorkingDays) ?? 2,
                paymentNoticeDays: try container.decodeIfPresent(Int.self, forKey: .paymentNoticeDays) ?? 1,
                waybillWorkingDays: try container.decodeIfPresent(Int.self, forKey: .waybillWorkingDays) ?? 1)
        }
    }

    /// What the order is: fixed at signing, changed only by an approved line-item or price amendment.
    package struct OrderFacts: Codable, Sendable, Hashable {
        package var orderId: String
        package var customerId: String
        package var customerName: String
        package var lines: [OrderLine]
        package var total: Money
        package var deliveryAddress: String

        package init(orderId: String, customerId: String, customerName: String, lines: [OrderLine], total: Money, deliveryAddress: String) {
            self.orderId = orderId
            self.customerId = customerId
            self.customerName = customerName
            self.lines = lines
            self.total = total
            self.deliveryAddress = deliveryAddress
        }
    }

    package var isFinished: Bool { phase == .completed || phase == .cancelled }
}
