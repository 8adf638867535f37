import Foundation
import O2CContracts
import O2CPostgres

/// The invoices finance reports, as credit keeps them (`credit_invoices`), and the holds an overdue one
/// puts on the customer (`credit_holds`). Each records who (the system), in which role, and when.
extension CreditStore {
    /// An issued invoice counts in exposure; an overdue notice that came first (kind `unknown`) is filled in.
    static func recordIssued(_ invoice: InvoiceIssued, at now: Date, on connection: PostgresConnection) async throws {
        let actor = Author.system
        try await connection.query(
            """
            insert into credit_invoices (
                invoice_id, customer_id, order_id, kind, outstanding, status, recorded_by, recorded_role, recorded_at)
            values (\(invoice.invoiceId), \(invoice.customerId), \(invoice.orderId), \(invoice.kind), \(invoice.amount.minorUnits),
                'unpaid', \(actor.subject), \(actor.role), \(now))
            on conflict (invoice_id) do update set kind = excluded.kind, order_id = excluded.order_id
            where credit_invoices.kind = 'unknown'
            """)
    }

    /// Records what an overdue invoice still owes; false when it was paid or voided already (no hold then).
    static func recordOverdue(_ overdue: InvoiceOverdue, at now: Date, on connection: PostgresConnection) async throws -> Bool {
        let actor = Author.system
        let recorded = try await connection.query(
            """
            insert into credit_invoices (
                invoice_id, customer_id, order_id, kind, outstanding, status, recorded_by, recorded_role, recorded_at)
            values (\(overdue.invoiceId), \(overdue.customerId), \(overdue.orderId), 'unknown', \(overdue.outstanding.minorUnits),
                'unpaid', \(actor.subject), \(actor.role), \(now))
            on conflict (invoice_id) do update set outstanding = excluded.outstanding
            where credit_invoices.status = 'unpaid'
            returning status
            """)
        return !recorded.rows.isEmpty
    }

    /// Puts the customer on hold for the overdue invoice, once per invoice.
    static func placeHold(
        _ hold: CreditHold, invoiceId: String, customerId: String, at now: Date, on connection: PostgresConnection
    ) async throws {
        let actor = Author.system
        try await connection.query(
            """
            insert into credit_holds (invoice_id, customer_id, reason, placed_by, placed_role, placed_at)
            values (\(invoiceId), \(customerId), \(hold.reason), \(actor.subject), \(actor.role), \(now))
            on conflict (invoice_id) do nothing
            """)
    }

    /// A voided invoice is owed no more (also when the void overtook its issue); a paid one stays paid.
    static func recordVoid(_ voided: InvoiceVoided, at now: Date, on connection: PostgresConnection) async throws {
        let actor = Author.system
        try await connection.query(
            """
            insert into credit_invoices (
                invoice_id, customer_id, order_id, kind, outstanding, status, recorded_by, recorded_role, recorded_at,
                voided_at, void_reason)
            values (\(voided.invoiceId), \(voided.customerId), \(voided.orderId), \(voided.kind), 0, 'void',
                \(actor.subject), \(actor.role), \(now), \(voided.voidedAt), \(voided.reason))
            on conflict (invoice_id) do update set outstanding = 0, status = 'void', voided_at = excluded.voided_at,
                                                   void_reason = excluded.void_reason
            where credit_invoices.status = 'unpaid'
            """)
    }

    /// The invoice is paid: nothing outstanding.
    static func markPaid(invoiceId: String, paidAt: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            "update credit_invoices set outstanding = 0, status = 'paid', paid_at = \(paidAt) where invoice_id = \(invoiceId)")
    }

    /// Lifts the hold the invoice caused, if one is on.
    static func liftHold(invoiceId: String, at now: Date, on connection: PostgresConnection) async throws {
        let actor = Author.system
        try await connection.query(
            """
            update credit_holds set lifted_by = \(actor.subject), lifted_role = \(actor.role), lifted_at = \(now)
            where invoice_id = \(invoiceId) and lifted_at is null
            """)
    }

    /// The invoice as credit saw finance issue it (locked), or nil before its `finance.invoice_issued.v1` arrived.
    static func issuedInvoice(_ invoiceId: String, on connection: PostgresConnection) async throws -> IssuedInvoice? {
        let result = try await connection.query(
            "select customer_id, order_id, kind from credit_invoices where invoice_id = \(invoiceId) and kind <> 'unknown' for update")
        guard let row = result.rows.first else { return nil }
        return IssuedInvoice(
            invoiceId: invoiceId, orderId: row.optionalString("order_id"), customerId: try row.string("customer_id"),
            kind: try row.string("kind"))
    }

    /// The order's other invoice of this kind credit saw, if any (an order has one deposit and one balance invoice).
    static func otherInvoice(
        ofOrder orderId: String, kind: String, than invoiceId: String, on connection: PostgresConnection
    ) async throws -> String? {
        let other = try await connection.query(
            "select invoice_id from credit_invoices where order_id = \(orderId) and kind = \(kind) and invoice_id <> \(invoiceId) limit 1")
        return try other.rows.first.map { try $0.string("invoice_id") }
    }
}
