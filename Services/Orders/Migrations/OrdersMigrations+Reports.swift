import O2CPostgres

extension OrdersMigrations {
    /// Issue 14, reports (CONTRACT.md "The department's daily work"): the month's sales targets per salesperson
    /// or region as sales_manager sets them (`PUT /v1/sales-targets/{yyyy-mm}`), every setting kept; the
    /// reports read orders by their signing time (`orders_list` on `(created_at, id)` serves the period).
    static let reports: [Migration] = [
        Migration(
            version: 230, name: "sales targets",
            sql: """
                create table sales_targets (
                    period text not null check (period ~ '^2[01][0-9]{2}-(0[1-9]|1[0-2])$'),
                    salesperson text not null default '',
                    region text not null default '',
                    amount bigint not null check (amount >= 0),
                    set_by text not null,
                    set_role text not null,
                    set_at timestamptz not null,
                    primary key (period, salesperson, region)
                );
                create table sales_target_history (
                    id bigserial primary key,
                    period text not null,
                    targets text not null,
                    set_by text not null,
                    set_role text not null,
                    set_at timestamptz not null
                );
                create index sales_target_history_period on sales_target_history (period, id);
                """)
    ]
}
