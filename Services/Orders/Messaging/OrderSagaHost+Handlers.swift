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
            invoiceIssued,
            invoicePaid,
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

    /// Every invoice finance issued for an order is recorded, and the order's saga hears it.
    private var invoiceIssued: MessageHandler {
        MessageHandler.on(InvoiceIssued.self) { issued, context in
            guard let orderId = issued.orderId else { return }
            try await recordIssued(issued, orderId: orderId, on: context.connection, at: context.now)
            try await apply(
                .invoiceIssued(invoiceId: issued.invoiceId, kind: issued.kind, amount: issued.amount), eventID: context.message.messageID,
                to: orderId, causationID: context.message.messageID, on: context.connection, at: context.now)
        }
    }

    /// A payment is taken only for the invoice finance issued for that order and kind: one for an invoice issued for
    /// another order, customer or kind is refused here at once; the saga's `check` refuses one that contradicts what
    /// it heard and holds back one whose issue has not arrived yet (retried on the delay tiers).
    private var invoicePaid: MessageHandler {
        MessageHandler.on(InvoicePaid.self) { paid, context in
            guard let orderId = paid.orderId else { return }
            try await checkIssuedAs(paid, on: context.connection)
            try await apply(
                .invoicePaid(invoiceId: paid.invoiceId, kind: paid.kind, customerId: paid.customerId), eventID: context.message.messageID,
                to: orderId, causationID: context.message.messageID, on: context.connection, at: context.now)
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
