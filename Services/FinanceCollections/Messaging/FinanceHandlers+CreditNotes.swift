import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// A return's goods are back on hand (DOMAIN.md "After-sales and returns": finance issues a credit note
/// and refunds or offsets it): `aftersales.credit_note_requested.v1` issues a credit note for the amount,
/// offsets it against the customer's open invoices oldest first and refunds the remainder
/// (`CreditNoteIssuer`), then publishes `finance.credit_note_issued.v1`, correlated with the return.
///
/// One credit note per return: a repeat publishes the same `CreditNoteIssued` again and changes nothing.
enum CreditNotes {
    static func handle(_ event: CreditNoteRequested, _ context: MessageContext) async throws {
        let connection = context.connection
        let outbox = FinanceOutbox(context)
        try await InvoiceStore.lockCustomer(event.customerId, on: connection)
        if let issued = try await issued(forReturn: event.returnId, on: connection) {
            try await outbox.publish(issued, correlationID: event.returnId)
            return
        }
        guard event.amount >= .zero else {
            throw MessagingError.undecodable("credit note for return \(event.returnId) refused: negative amount \(event.amount)")
        }
        let invoices = try await InvoiceStore.forCustomer(event.customerId, lock: true, on: connection)
        let request = CreditNoteIssuer.Request(
            customerId: event.customerId, orderId: event.orderId, returnId: event.returnId, freightRefundId: nil,
            amount: event.amount, reason: "return \(event.returnId)", refundKind: "return", approvedBy: nil)
        let issued = try await CreditNoteIssuer(outbox: outbox, now: context.now).issue(request, against: invoices)
        context.logger.info(
            "credit note issued",
            metadata: ["return.id": "\(event.returnId)", "order.id": "\(event.orderId)", "credit_note.offset": "\(issued.offset)",
                       "credit_note.refunded": "\(issued.refunded)"])
        try await outbox.publish(
            CreditNoteIssued(
                creditNoteId: issued.creditNoteId, returnId: event.returnId, orderId: event.orderId, customerId: event.customerId,
                amount: issued.amount, offset: issued.offset, refunded: issued.refunded),
            correlationID: event.returnId)
    }

    /// The fact already published for `returnId`, rebuilt from its `credit_notes` row.
    static func issued(forReturn returnId: String, on connection: PostgresConnection) async throws -> CreditNoteIssued? {
        guard let row = try await connection.query(
            "select invoice_id, order_id, customer_id, amount, offset_amount, refunded from credit_notes where return_id = $1",
            [returnId]).first
        else { return nil }
        return CreditNoteIssued(
            creditNoteId: try row.string("invoice_id"), returnId: returnId, orderId: row["order_id"] ?? "",
            customerId: try row.string("customer_id"), amount: Money(minorUnits: try row.int64("amount")),
            offset: Money(minorUnits: try row.int64("offset_amount")), refunded: Money(minorUnits: try row.int64("refunded")))
    }
}
