import O2CPostgres

/// Issue 14, reports (CONTRACT.md "The department's daily work"): the projection of each order's salesperson
/// and region that finance learns from orders' `orders.deposit_invoice_requested.v1` (`OrderOwnerStore`), and
/// the index the collection-rate report reads invoices by (`CollectionRateStore`).
extension FinanceMigrations {
    static let reports: [Migration] = [
        Migration(
            version: 240, name: "order owners and the collection-rate index",
            sql: """
                create table order_owners (
                    order_id text primary key,
                    salesperson text,
                    region text,
                    recorded_at timestamptz not null
                );
                -- CollectionRateStore: the charges (not credit notes, not cancelled) falling due in a month.
                create index invoices_charges_due on invoices (due_date)
                    where kind <> 'credit_note' and status <> 'cancelled';
                """)
    ]
}
