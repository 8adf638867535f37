import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Requests to refund advanced freight (`freight_refunds`) and the general_manager's decisions on them.
enum FreightRefundStore {
    struct FreightRefund: Encodable {
        var id: String, invoiceId: String, customerId: String, orderId: String?, amount: Money, reason: String, status: String
        var requestedBy: String, requestedAt: Date, decidedBy: String?, decidedAt: Date?, comment: String?
        var creditNote: CreditNoteStore.Issued?
        init(_ row: PostgresRow, creditNote: CreditNoteStore.Issued? = nil) throws {
            (id, invoiceId, customerId, orderId) = (
                try row.string("id"), try row.string("invoice_id"), try row.string("customer_id"), row["order_id"]
            )
            (amount, reason, status) = (Money(minorUnits: try row.int64("amount")), try row.string("reason"), try row.string("status"))
            (requestedBy, requestedAt) = (try row.string("requested_by"), try row.date("requested_at"))
            (decidedBy, decidedAt, comment) = (row["decided_by"], try row.optionalDate("decided_at"), row["decision_comment"])
            self.creditNote = creditNote
        }
    }

    static let columns: SQL = """
        id, invoice_id, customer_id, order_id, amount, reason, status, requested_by, requested_at, decided_by, decided_at, decision_comment
        """

    /// What the pending and approved refunds of the invoice take.
    static func taken(fromInvoice invoiceId: String, on connection: PostgresConnection) async throws -> Money {
        let taken = try await connection.query(
            "select coalesce(sum(amount), 0) as taken from freight_refunds where invoice_id = \(invoiceId) and status <> 'rejected'")
        return Money(minorUnits: try taken.onlyRow().int64("taken"))
    }

    /// A pending request to refund `amount` of the freight `invoice` charged.
    static func request(
        _ amount: Money, of invoice: Invoice, reason: String, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws -> FreightRefund {
        let inserted = try await connection.query(
            """
            insert into freight_refunds (id, invoice_id, customer_id, order_id, amount, reason, status, requested_by, requested_role, requested_at)
            values (\(InvoiceStore.newID("frf")), \(invoice.id), \(invoice.customerId), \(invoice.orderId), \(amount.minorUnits), \(reason),
                    'pending', \(actor.subject), \(actor.role), \(now))
            returning \(columns)
            """)
        return try FreightRefund(inserted.onlyRow())
    }

    /// The request, locked for the decision (404 when there is none).
    static func locked(_ id: String, on connection: PostgresConnection) async throws -> FreightRefund {
        guard let row = try await connection.query("select \(columns) from freight_refunds where id = \(id) for update").first
        else { throw RuleViolation.notFound("no freight refund \(id)") }
        return try FreightRefund(row)
    }

    /// Records the decision (`approved` or `rejected`) and the credit note an approval issued.
    static func decide(
        _ id: String, status: String, by actor: Author, comment: String?, creditNote: CreditNoteStore.Issued?, at now: Date,
        on connection: PostgresConnection
    ) async throws -> FreightRefund {
        let decided = try await connection.query(
            """
            update freight_refunds set status = \(status), decided_by = \(actor.subject), decided_role = \(actor.role), decided_at = \(now),
                decision_comment = \(comment), credit_note_id = \(creditNote?.creditNoteId)
            where id = \(id) returning \(columns)
            """)
        return try FreightRefund(decided.onlyRow(), creditNote: creditNote)
    }
}
