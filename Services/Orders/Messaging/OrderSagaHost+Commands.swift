import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CSaga

extension OrderSagaHost {
    /// Carries out the saga's commands: messages to the other services through the outbox, and the
    /// order's own status when the saga ends.
    static func perform(
        _ commands: [Saga.Command], for saga: Saga, causationID: String?, outbox: Outbox, on connection: PostgresConnection, at now: Date
    ) async throws {
        let order = saga.order
        var messages: [OutgoingMessage] = []
        func send<E: EventContract>(_ event: E) throws {
            messages.append(try OutgoingMessage.event(event, correlationID: order.orderId, causationID: causationID))
        }
        for command in commands {
            switch command {
            case .reserveCredit(let amount):
                try send(
                    CreditReservationRequested(
                        orderId: order.orderId, customerId: order.customerId, amount: amount,
                        orderAuthors: try await OrderStore.authors(of: order.orderId, on: connection)))
            case .requestDepositInvoice(let total, let ratio):
                // Finance makes the invoice fall due at the end of the order's unpaid-deposit window, and keeps
                // the order's salesperson and region (the customer's owner at signing) for its collection-rate report.
                let owner = try await OrderStore.owner(of: order.orderId, on: connection)
                try send(
                    DepositInvoiceRequested(
                        orderId: order.orderId, customerId: order.customerId, total: total, depositRatioBasisPoints: ratio,
                        unpaidDepositDays: saga.settings.depositDays, salesperson: owner.salesperson, region: owner.region))
            case .requestShipment(let shipBy):
                try send(
                    ShipmentRequested(
                        orderId: order.orderId, customerId: order.customerId, customerName: order.customerName, lines: order.lines,
                        deliveryAddress: order.deliveryAddress, shipBy: shipBy))
            case .requestBalanceInvoice(let amount, let grade, let dispatchedAt, let deliveredAt):
                try send(
                    BalanceInvoiceRequested(
                        orderId: order.orderId, customerId: order.customerId, amount: amount, grade: grade, dispatchedAt: dispatchedAt,
                        deliveredAt: deliveredAt))
            case .releaseCredit:
                try send(CreditReleaseRequested(orderId: order.orderId, customerId: order.customerId))
            case .cancelShipment:
                try send(ShipmentCancellationRequested(orderId: order.orderId))
            case .refundDeposit(let penalty, let approvedBy, let reason):
                try send(
                    DepositRefundRequested(
                        orderId: order.orderId, customerId: order.customerId, penalty: penalty, approvedBy: approvedBy, reason: reason))
            case .alertShipmentOverdue(let dueAt):
                try send(ShipmentOverdue(orderId: order.orderId, dueAt: dueAt))
            case .alertPaymentNoticeLate(let dueAt):
                try send(PaymentNoticeLate(orderId: order.orderId, dueAt: dueAt))
            case .alertWaybillLate(let dueAt):
                try send(WaybillLate(orderId: order.orderId, dueAt: dueAt))
            case .alertCustomerConfirmationLate(let dueAt):
                try send(CustomerConfirmationLate(orderId: order.orderId, dueAt: dueAt))
            case .alertShipmentNoticeLate(let dueAt):
                try send(ShipmentNoticeLate(orderId: order.orderId, dueAt: dueAt))
            case .completeOrder:
                try await OrderStore.setStatus(.completed, of: order.orderId, on: connection, at: now)
                try send(OrderCompleted(orderId: order.orderId, customerId: order.customerId, completedAt: now))
            case .cancelOrder(let reason):
                try await OrderStore.setStatus(.cancelled, of: order.orderId, on: connection, at: now)
                try send(OrderCancelled(orderId: order.orderId, customerId: order.customerId, reason: reason, cancelledAt: now))
            }
        }
        try await outbox.enqueue(messages, on: connection)
    }
}
