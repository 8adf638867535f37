import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Issues a credit note (for a return, or an approved freight refund) and uses it at once
/// (`CreditNoteSettlement`): offsets against the invoices given, oldest first, each recorded as an
/// allocation of source `credit_note`; the remainder refunded (a `credit_note_refunds` row). Every
/// invoice the offset settles publishes `finance.invoice_paid.v1`, as a receipt would (credit lifts
/// holds and exposure, the order saga sees payment). No `finance.invoice_issued.v1` for the note itself:
/// credit would count it as exposure. The caller holds the customer's lock.
struct CreditNoteIssuer {
    struct Request {
        var customerId: String
        var orderId: String?
        var returnId: String?
        var freightRefundId: String?
        var amount: Money
        var reason: String
        /// `return` or `freight`: what the refund row, if any, is for.
        var refundKind: String
        /// Who approved the refund (the general_manager for freight), when someone did.
        var approvedBy: Author?
    }

    struct Issued: Equatable, Encodable {
        var creditNoteId: String
        var amount: Money
        var offset: Money
        var refunded: Money
    }

    let outbox: FinanceOutbox
    let now: Date
    var actor: Author = .system
    var connection: PostgresConnection { outbox.connection }

    func issue(_ request: Request, against invoices: [Invoice]) async throws -> Issued {
        let settlement = try CreditNoteSettlement(amount: request.amount, customerId: request.customerId, against: invoices)
        let note = CreditNoteSettlement.creditNote(
            id: InvoiceStore.newID("cn"), customerId: request.customerId, orderId: request.orderId, amount: request.amount,
            issuedAt: now, calendar: FinanceHandlers.calendar)
        _ = try await InvoiceStore.insert(note, actor: actor, on: connection)
        try await connection.query(
            """
            insert into credit_notes (invoice_id, customer_id, order_id, return_id, freight_refund_id, amount, offset_amount, refunded,
                                      reason, created_by, created_role, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """,
            [note.id, request.customerId, request.orderId, request.returnId, request.freightRefundId, request.amount.minorUnits,
             settlement.offset.minorUnits, settlement.refunded.minorUnits, request.reason, actor.subject, actor.role, now])
        for line in settlement.offsets {
            try await connection.query(
                """
                insert into allocations (receipt_id, invoice_id, source, credit_note_id, amount, created_by, created_role, created_at)
                values (null, $1, 'credit_note', $2, $3, $4, $5, $6)
                """, [line.invoiceId, note.id, line.amount.minorUnits, actor.subject, actor.role, now])
        }
        try await InvoiceStore.saveAllocated(settlement.updatedInvoices, at: now, on: connection)
        if settlement.refunded > .zero {
            try await connection.query(
                """
                insert into credit_note_refunds (id, credit_note_id, kind, return_id, freight_refund_id, order_id, customer_id, amount,
                                                 reason, approved_by, approved_role, created_by, created_role, created_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                """,
                [InvoiceStore.newID("ref"), note.id, request.refundKind, request.returnId, request.freightRefundId, request.orderId,
                 request.customerId, settlement.refunded.minorUnits, request.reason, request.approvedBy?.subject,
                 request.approvedBy?.role, actor.subject, actor.role, now])
        }
        try await outbox.publishPaid(settlement.updatedInvoices, at: now)
        return Issued(creditNoteId: note.id, amount: request.amount, offset: settlement.offset, refunded: settlement.refunded)
    }
}
