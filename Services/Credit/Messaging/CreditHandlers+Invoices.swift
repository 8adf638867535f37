import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// What finance reports about invoices (DOMAIN.md "Credit"): unpaid invoices count in exposure,
/// an overdue one puts the customer on hold until it is paid. A payment counts only for an invoice
/// credit saw issued for that customer, order and kind (`InvoicePaid.match`): one naming another
/// customer, order or kind is refused (`invoice_mismatch`, parked at once, nothing changes); one that
/// overtook its issue is held back and retried on the delay tiers. Facts may come twice; an overdue
/// notice before the issue is kept (kind `unknown`) and the issue then fills in what it is, and one
/// after the payment changes nothing. An invoice finance voided (an order cancelled before its deposit
/// was paid) is owed no more: it leaves the exposure and the hold it caused is lifted; an overdue notice
/// after the void changes nothing.
enum CreditInvoiceHandlers {
    static var all: [MessageHandler] {
        [
            .on(InvoiceIssued.self) { invoice, context in
                // A credit note lowers what is owed; it is not exposure.
                guard invoice.kind != "credit_note" else { return }
                try await context.connection.query(
                    """
                    insert into credit_invoices (
                        invoice_id, customer_id, order_id, kind, outstanding, status, recorded_by, recorded_role, recorded_at)
                    values ($1, $2, $3, $4, $5, 'unpaid', $6, $7, $8)
                    on conflict (invoice_id) do update set kind = excluded.kind, order_id = excluded.order_id
                    where credit_invoices.kind = 'unknown'
                    """,
                    [
                        invoice.invoiceId, invoice.customerId, invoice.orderId, invoice.kind, invoice.amount.minorUnits,
                        Author.system.subject, Author.system.role, context.now,
                    ])
            },
            .on(InvoiceOverdue.self) { overdue, context in
                let recorded = try await context.connection.query(
                    """
                    insert into credit_invoices (
                        invoice_id, customer_id, order_id, kind, outstanding, status, recorded_by, recorded_role, recorded_at)
                    values ($1, $2, $3, 'unknown', $4, 'unpaid', $5, $6, $7)
                    on conflict (invoice_id) do update set outstanding = excluded.outstanding
                    where credit_invoices.status = 'unpaid'
                    returning status
                    """,
                    [
                        overdue.invoiceId, overdue.customerId, overdue.orderId, overdue.outstanding.minorUnits,
                        Author.system.subject, Author.system.role, context.now,
                    ])
                // Paid already (the payment overtook the notice): no hold.
                guard !recorded.rows.isEmpty else { return }
                try await context.connection.query(
                    """
                    insert into credit_holds (invoice_id, customer_id, reason, placed_by, placed_role, placed_at)
                    values ($1, $2, $3, $4, $5, $6) on conflict (invoice_id) do nothing
                    """,
                    [
                        overdue.invoiceId, overdue.customerId, CreditHold.overdueInvoice(invoiceId: overdue.invoiceId).reason,
                        Author.system.subject, Author.system.role, context.now,
                    ])
            },
            .on(InvoiceVoided.self) { voided, context in
                try await context.connection.query(
                    """
                    insert into credit_invoices (
                        invoice_id, customer_id, order_id, kind, outstanding, status, recorded_by, recorded_role, recorded_at,
                        voided_at, void_reason)
                    values ($1, $2, $3, $4, 0, 'void', $5, $6, $7, $8, $9)
                    on conflict (invoice_id) do update set outstanding = 0, status = 'void', voided_at = excluded.voided_at,
                                                           void_reason = excluded.void_reason
                    where credit_invoices.status = 'unpaid'
                    """,
                    [
                        voided.invoiceId, voided.customerId, voided.orderId, voided.kind, Author.system.subject, Author.system.role,
                        context.now, voided.voidedAt, voided.reason,
                    ])
                try await context.connection.query(
                    """
                    update credit_holds set lifted_by = $2, lifted_role = $3, lifted_at = $4
                    where invoice_id = $1 and lifted_at is null
                    """, [voided.invoiceId, Author.system.subject, Author.system.role, context.now])
            },
            .on(InvoicePaid.self) { paid, context in
                try await check(paid, on: context.connection)
                try await context.connection.query(
                    "update credit_invoices set outstanding = 0, status = 'paid', paid_at = $2 where invoice_id = $1",
                    [paid.invoiceId, paid.paidAt])
                try await context.connection.query(
                    """
                    update credit_holds set lifted_by = $2, lifted_role = $3, lifted_at = $4
                    where invoice_id = $1 and lifted_at is null
                    """, [paid.invoiceId, Author.system.subject, Author.system.role, context.now])
            },
        ]
    }

    /// Takes the payment only for an invoice credit saw issued for that customer, order and kind (`InvoicePaid.match`).
    /// Before its issue arrived, a deposit or balance payment naming another id than the order's deposit or balance
    /// invoice credit saw is refused as well (an order has one of each); any other is held back to be retried.
    private static func check(_ paid: InvoicePaid, on connection: PostgresConnection) async throws {
        if let issued = try await issued(paid.invoiceId, on: connection) { return try paid.match(issued) }
        if let orderId = paid.orderId, IssuedInvoice.onePerOrder.contains(paid.kind) {
            let other = try await connection.query(
                "select invoice_id from credit_invoices where order_id = $1 and kind = $2 and invoice_id <> $3 limit 1",
                [orderId, paid.kind, paid.invoiceId])
            if let row = other.rows.first {
                throw RuleViolation.invoiceMismatch(
                    paid.invoiceId, "order \(orderId)'s \(paid.kind) invoice is \(try row.string("invoice_id")), not \(paid.invoiceId)")
            }
        }
        try paid.match(nil)
    }

    /// The invoice as credit saw finance issue it (locked), or nil before its `finance.invoice_issued.v1` arrived.
    private static func issued(_ invoiceId: String, on connection: PostgresConnection) async throws -> IssuedInvoice? {
        let result = try await connection.query(
            "select customer_id, order_id, kind from credit_invoices where invoice_id = $1 and kind <> 'unknown' for update",
            [invoiceId])
        guard let row = result.rows.first else { return nil }
        return IssuedInvoice(
            invoiceId: invoiceId, orderId: row.optionalString("order_id"), customerId: try row.string("customer_id"),
            kind: try row.string("kind"))
    }
}
