import O2CPostgres

extension OrderSagaHost {
    /// The saga host's tables, versions 150+ of the orders schema (OrdersMigrations holds 100–149).
    static let migrations: [Migration] = [
        Migration(
            version: 150, name: "invoices finance issued for orders",
            sql: """
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
                """)
    ]
}
