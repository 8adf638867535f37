import Foundation
import O2CContracts
import O2CMessaging
import O2CSaga

extension OrderSagaHost {
    /// What the saga hears from credit, finance-collections and warehouse-dispatch, each by the order it names.
    package var handlers: [MessageHandler] {
        [
            host.on(CreditReserved.self, id: \.orderId) {
                .creditReserved(
                    grade: $0.grade, depositRatioBasisPoints: $0.depositRatioBasisPoints, shipBeforePayment: $0.shipBeforePayment)
            },
            host.on(CreditRefused.self, id: \.orderId) { .creditRefused(code: $0.code) },
            host.on(CreditReleased.self, id: \.orderId) { _ in .creditReleased },
            invoiceIssued,
            invoicePaid,
            host.on(DepositRefunded.self, id: \.orderId) { _ in .depositRefunded },
            host.on(DispatchNoteIssued.self, id: \.orderId) { _ in .shipmentScheduled },
            host.on(ShipmentDispatched.self, id: \.orderId) { .dispatched(at: $0.dispatchedAt, freight: $0.totalFreight) },
            // Invoices without an order, and kinds the saga does not know, do not concern it.
            host.on(InvoiceAdjusted.self, id: \.orderId) { adjusted in
                InvoiceKind(rawValue: adjusted.kind).map {
                    .invoiceAdjusted(invoiceId: adjusted.invoiceId, kind: $0, amount: adjusted.amount)
                }
            },
            host.on(DeliveryConfirmed.self, id: \.orderId) { .delivered(at: $0.deliveredAt) },
            host.on(ShipmentCancelled.self, id: \.orderId) { _ in .shipmentCancelled },
        ]
    }

    /// Every invoice finance issued for an order is recorded, and the order's saga hears it (an order's freight
    /// invoice too: the waybill reached finance).
    private var invoiceIssued: MessageHandler {
        MessageHandler.on(InvoiceIssued.self) { issued, context in
            guard let orderId = issued.orderId else { return }
            try await OrderInvoiceStore.record(issued, orderId: orderId, on: context.connection, at: context.now)
            guard let kind = InvoiceKind(rawValue: issued.kind) else { return }
            try await apply(
                .invoiceIssued(invoiceId: issued.invoiceId, kind: kind, amount: issued.amount), eventID: context.message.messageID,
                to: orderId, causationID: context.message.messageID, on: context.connection, at: context.now)
        }
    }

    /// A payment is taken only for the invoice finance issued for that order and kind: one for an invoice issued for
    /// another order, customer or kind is refused here at once; the saga's `check` refuses one that contradicts what
    /// it heard and holds back one whose issue has not arrived yet (retried on the delay tiers).
    private var invoicePaid: MessageHandler {
        MessageHandler.on(InvoicePaid.self) { paid, context in
            guard let orderId = paid.orderId else { return }
            if let issued = try await OrderInvoiceStore.find(paid.invoiceId, on: context.connection) { try paid.match(issued) }
            let kind = try Saga.paymentKind(paid.kind, invoiceId: paid.invoiceId)
            try await apply(
                .invoicePaid(invoiceId: paid.invoiceId, kind: kind, customerId: paid.customerId), eventID: context.message.messageID,
                to: orderId, causationID: context.message.messageID, on: context.connection, at: context.now)
        }
    }
}
