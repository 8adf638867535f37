import O2CPostgres

/// Cancellation penalties finance computed (DOMAIN.md "Order amendments": finance computes any penalty): one
/// row per change request, with its basis, so a repeated request answers the same figures.
extension FinanceMigrations {
    static let penalties: [Migration] = [
        Migration(
            version: 130, name: "cancellation penalties",
            sql: """
                create table cancellation_penalties (
                    request_id text primary key,
                    order_id text not null,
                    customer_id text not null,
                    penalty_bp int not null check (penalty_bp between 0 and 10000),
                    order_total bigint not null check (order_total >= 0),
                    contractual bigint not null check (contractual >= 0),
                    deposit_paid bigint not null check (deposit_paid >= 0),
                    penalty bigint not null check (penalty >= 0 and penalty <= deposit_paid and penalty <= contractual),
                    computed_by text not null,
                    computed_role text not null,
                    computed_at timestamptz not null
                );
                create index cancellation_penalties_order on cancellation_penalties (order_id);
                """)
    ]
}
