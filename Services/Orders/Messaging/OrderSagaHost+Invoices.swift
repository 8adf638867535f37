import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

extension OrderSagaHost {
    /// The saga host's tables, versions 150+ of the orders schema (OrdersMigrations holds 100–149).
    static let migrations: [Migration] = [
        Migration(version: 150, name: "invoices finance issued for orders", sql: """
            -- Every invoice finance issued for an order (finance.invoice_issued.v1), so that a payment naming one
            -- order with another order's invoice is refused at once, whatever that order's saga has heard yet.
            create table order_invoices (
                invoice_id text primary key,
                order_id text not null,
                customer_id text not null,
                kind text not null,
                recorded_at timestamptz not null
            );
            insert into order_invoices (invoice_id, order_id, customer_id, kind, recorded_at)
            select i.invoice ->> 'invoiceId', s.id, s.instance #>> '{machine,order,customerId}', i.kind, s.updated_at
            from sagas s
            cross join lateral (values ('deposit', s.instance #> '{machine,facts,depositInvoice}'),
                                       ('balance', s.instance #> '{machine,facts,balanceInvoice}')) as i (kind, invoice)
            where s.type = 'order-to-cash' and jsonb_typeof(i.invoice) = 'object'
            on conflict (invoice_id) do nothing;
            """),
    ]

    /// Records an invoice finance issued for an order (the first issue of an id stands).
    func recordIssued(_ issued: InvoiceIssued, orderId: String, on connection: PostgresConnection, at now: Date) async throws {
        try await connection.query(
            """
            insert into "\(schema)".order_invoices (invoice_id, order_id, customer_id, kind, recorded_at)
            values ($1, $2, $3, $4, $5) on conflict (invoice_id) do nothing
            """, [issued.invoiceId, orderId, issued.customerId, issued.kind, now])
    }

    /// Refuses at once (`invoice_mismatch`) a payment for an invoice finance issued for another order, customer or
    /// kind. What the order's own saga heard is checked when the payment is applied (`OrderToCashSaga.checkPayment`).
    func checkIssuedAs(_ paid: InvoicePaid, on connection: PostgresConnection) async throws {
        let result = try await connection.query(
            "select order_id, customer_id, kind from \"\(schema)\".order_invoices where invoice_id = $1", [paid.invoiceId])
        guard let row = result.rows.first else { return }
        let issued = IssuedInvoice(
            invoiceId: paid.invoiceId, orderId: try row.string("order_id"), customerId: try row.string("customer_id"),
            kind: try row.string("kind"))
        try paid.match(issued)
    }
}
