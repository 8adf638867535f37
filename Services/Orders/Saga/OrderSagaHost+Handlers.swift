import Foundation
import O2CContracts
import O2CMessaging
import O2CSaga

extension OrderSagaHost {
    /// What the saga hears from credit, finance-collections and warehouse-dispatch.
    public var handlers: [MessageHandler] {
        [
            on(CreditReserved.self, \.orderId) { .creditReserved(grade: $0.grade, depositRatioBasisPoints: $0.depositRatioBasisPoints, shipBeforePayment: $0.shipBeforePayment) },
            on(CreditRefused.self, \.orderId) { .creditRefused(code: $0.code) },
            on(CreditReleased.self, \.orderId) { _ in .creditReleased },
            onInvoice(InvoiceIssued.self, \.orderId) { .invoiceIssued(invoiceId: $0.invoiceId, kind: $0.kind, amount: $0.amount) },
            onInvoice(InvoicePaid.self, \.orderId) { .invoicePaid(invoiceId: $0.invoiceId, kind: $0.kind) },
            on(DepositRefunded.self, \.orderId) { _ in .depositRefunded },
            on(DispatchNoteIssued.self, \.orderId) { _ in .shipmentScheduled },
            on(ShipmentDispatched.self, \.orderId) { .dispatched(at: $0.dispatchedAt, freight: $0.totalFreight) },
            onInvoice(InvoiceAdjusted.self, \.orderId) { .invoiceAdjusted(invoiceId: $0.invoiceId, kind: $0.kind, amount: $0.amount) },
            on(DeliveryConfirmed.self, \.orderId) { .delivered(at: $0.deliveredAt) },
            on(ShipmentCancelled.self, \.orderId) { _ in .shipmentCancelled },
        ]
    }

    private func on<E: EventContract>(
        _ type: E.Type, _ orderId: @escaping @Sendable (E) -> String, _ event: @escaping @Sendable (E) -> Saga.Event
    ) -> MessageHandler {
        MessageHandler.on(type) { message, context in
            try await apply(
                event(message), eventID: context.message.messageID, to: orderId(message), causationID: context.message.messageID,
                on: context.connection, at: context.now)
        }
    }

    /// Invoices without an order do not concern the saga (an order's freight invoice does: the waybill reached finance).
    private func onInvoice<E: EventContract>(
        _ type: E.Type, _ orderId: @escaping @Sendable (E) -> String?, _ event: @escaping @Sendable (E) -> Saga.Event
    ) -> MessageHandler {
        MessageHandler.on(type) { message, context in
            guard let id = orderId(message) else { return }
            try await apply(
                event(message), eventID: context.message.messageID, to: id, causationID: context.message.messageID,
                on: context.connection, at: context.now)
        }
    }
}
