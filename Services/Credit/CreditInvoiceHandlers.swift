import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// What finance reports about invoices (DOMAIN.md "Credit"): unpaid invoices count in exposure,
/// an overdue one puts the customer on hold until it is paid. Facts may come twice or out of
/// order: a payment seen first is kept, so the late issue or overdue notice changes nothing.
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
                        Actor.system.subject, Actor.system.role, context.now,
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
                        Actor.system.subject, Actor.system.role, context.now,
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
                        Actor.system.subject, Actor.system.role, context.now,
                    ])
            },
            .on(InvoicePaid.self) { paid, context in
                try await context.connection.query(
                    """
                    insert into credit_invoices (
                        invoice_id, customer_id, order_id, kind, outstanding, status, recorded_by, recorded_role, recorded_at, paid_at)
                    values ($1, $2, $3, $4, 0, 'paid', $5, $6, $7, $8)
                    on conflict (invoice_id) do update set outstanding = 0, status = 'paid', paid_at = excluded.paid_at
                    """,
                    [
                        paid.invoiceId, paid.customerId, paid.orderId, paid.kind,
                        Actor.system.subject, Actor.system.role, context.now, paid.paidAt,
                    ])
                try await context.connection.query(
                    """
                    update credit_holds set lifted_by = $2, lifted_role = $3, lifted_at = $4
                    where invoice_id = $1 and lifted_at is null
                    """, [paid.invoiceId, Actor.system.subject, Actor.system.role, context.now])
            },
        ]
    }
}
