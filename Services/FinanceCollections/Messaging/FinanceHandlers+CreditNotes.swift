import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

extension FinanceHandlers {
    /// A return's goods are back on hand (DOMAIN.md "After-sales and returns": finance issues a credit note
    /// and refunds or offsets it): `aftersales.credit_note_requested.v1` issues a credit note for the amount,
    /// offsets it against the customer's open invoices oldest first and refunds the remainder
    /// (`CreditNoteStore.issue`), then publishes `finance.credit_note_issued.v1`, correlated with the return.
    ///
    /// One credit note per return: a repeat publishes the same `CreditNoteIssued` again and changes nothing.
    static func creditNoteRequested(_ event: CreditNoteRequested, _ context: MessageContext) async throws {
        let connection = context.connection
        let causationID = context.message.messageID
        try await InvoiceStore.lockCustomer(event.customerId, on: connection)
        if let issued = try await CreditNoteStore.issued(forReturn: event.returnId, on: connection) {
            try await context.outbox.enqueue(
                [try OutgoingMessage.event(issued, correlationID: event.returnId, causationID: causationID)], on: connection)
            return
        }
        guard event.amount >= .zero else {
            throw RuleViolation.validation("amount", "credit note for return \(event.returnId) refused: negative amount \(event.amount)")
        }
        let invoices = try await InvoiceStore.forCustomer(event.customerId, lock: true, on: connection)
        let request = CreditNoteStore.Request(
            customerId: event.customerId, orderId: event.orderId, returnId: event.returnId, freightRefundId: nil,
            amount: event.amount, reason: "return \(event.returnId)", refundKind: "return", approvedBy: nil)
        let issued = try await CreditNoteStore.issue(
            request, against: invoices, causationID: causationID, outbox: context.outbox, at: context.now, on: connection)
        context.logger.info(
            "credit note issued",
            metadata: [
                "return.id": "\(event.returnId)", "order.id": "\(event.orderId)", "credit_note.offset": "\(issued.offset)",
                "credit_note.refunded": "\(issued.refunded)",
            ])
        let fact = CreditNoteIssued(
            creditNoteId: issued.creditNoteId, returnId: event.returnId, orderId: event.orderId, customerId: event.customerId,
            amount: issued.amount, offset: issued.offset, refunded: issued.refunded)
        try await context.outbox.enqueue(
            [try OutgoingMessage.event(fact, correlationID: event.returnId, causationID: causationID)], on: connection)
    }
}
