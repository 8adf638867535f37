import Foundation
import O2CContracts
import O2CPostgres

/// Every invoice finance issued for an order (`finance.invoice_issued.v1`), so that a payment naming one order
/// with another order's invoice is refused at once, whatever that order's saga has heard yet.
enum OrderInvoiceStore {
    /// Records an invoice finance issued for an order (the first issue of an id stands).
    static func record(_ issued: InvoiceIssued, orderId: String, on connection: PostgresConnection, at now: Date) async throws {
        try await connection.query(
            """
            insert into order_invoices (invoice_id, order_id, customer_id, kind, recorded_at)
            values (\(issued.invoiceId), \(orderId), \(issued.customerId), \(issued.kind), \(now)) on conflict (invoice_id) do nothing
            """)
    }

    /// The invoice as finance issued it, if orders heard of it.
    static func find(_ invoiceId: String, on connection: PostgresConnection) async throws -> IssuedInvoice? {
        guard
            let row = try await connection.query(
                "select order_id, customer_id, kind from order_invoices where invoice_id = \(invoiceId)"
            ).rows.first
        else { return nil }
        return IssuedInvoice(
            invoiceId: invoiceId, orderId: try row.string("order_id"), customerId: try row.string("customer_id"),
            kind: try row.string("kind"))
    }
}
