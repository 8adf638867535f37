import O2CPostgres
import O2CRuntime

/// The credit schema (DOMAIN.md "Credit"): profiles and every change to them, reservations per
/// order, the unpaid invoices finance reports, holds per overdue invoice, and overrides.
/// Money is bigint fen; every row says who made it, in which role, and when.
enum CreditMigrations {
    static let all: [Migration] = [
        Migration(
            version: 100, name: "credit profiles and history",
            sql: """
                create table credit_profiles (
                    customer_id text primary key,
                    grade text not null check (grade in ('A', 'B', 'C')),
                    credit_limit bigint not null check (credit_limit >= 0),
                    deposit_ratio_bp int not null check (deposit_ratio_bp between 0 and 10000),
                    updated_by text not null,
                    updated_role text not null,
                    updated_at timestamptz not null
                );
                create table credit_profile_history (
                    id bigserial primary key,
                    customer_id text not null,
                    old_grade text,
                    old_credit_limit bigint,
                    old_deposit_ratio_bp int,
                    new_grade text not null,
                    new_credit_limit bigint not null,
                    new_deposit_ratio_bp int not null,
                    changed_by text not null,
                    changed_role text not null,
                    changed_at timestamptz not null
                );
                create index credit_profile_history_customer on credit_profile_history (customer_id, id);
                """),
        Migration(
            version: 101, name: "reservations and overrides",
            sql: """
                create table credit_reservations (
                    order_id text primary key,
                    customer_id text not null,
                    amount bigint not null,
                    status text not null check (status in ('reserved', 'released', 'refused')),
                    refusal_code text,
                    refusal_reason text,
                    override_by text,
                    override_reason text,
                    override_at timestamptz,
                    ship_before_payment boolean not null default false,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null,
                    updated_by text not null,
                    updated_role text not null,
                    updated_at timestamptz not null
                );
                create index credit_reservations_open on credit_reservations (customer_id) where status = 'reserved';
                create table credit_overrides (
                    id bigserial primary key,
                    order_id text not null,
                    customer_id text not null,
                    reason text not null,
                    ship_before_payment boolean not null,
                    overriding_code text,
                    overridden_by text not null,
                    overridden_role text not null,
                    overridden_at timestamptz not null
                );
                create index credit_overrides_order on credit_overrides (order_id);
                """),
        Migration(
            version: 102, name: "invoices and holds",
            sql: """
                create table credit_invoices (
                    invoice_id text primary key,
                    customer_id text not null,
                    order_id text,
                    kind text not null,
                    outstanding bigint not null,
                    status text not null check (status in ('unpaid', 'paid')),
                    recorded_by text not null,
                    recorded_role text not null,
                    recorded_at timestamptz not null,
                    paid_at timestamptz
                );
                create index credit_invoices_unpaid on credit_invoices (customer_id) where status = 'unpaid';
                create table credit_holds (
                    invoice_id text primary key,
                    customer_id text not null,
                    reason text not null,
                    placed_by text not null,
                    placed_role text not null,
                    placed_at timestamptz not null,
                    lifted_by text,
                    lifted_role text,
                    lifted_at timestamptz
                );
                create index credit_holds_active on credit_holds (customer_id) where lifted_at is null;
                """),
        Migration(
            version: 103, name: "reservation adjustments",
            sql: """
                create table credit_reservation_adjustments (
                    amendment_id text primary key,
                    order_id text not null,
                    customer_id text not null,
                    previous_amount bigint,
                    amount bigint not null,
                    applied boolean not null,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null
                );
                create index credit_reservation_adjustments_order on credit_reservation_adjustments (order_id, created_at);
                """),
        // An invoice finance withdrew (`finance.invoice_voided.v1`) is owed no more: not exposure, no hold.
        Migration(
            version: 104, name: "voided invoices",
            sql: """
                alter table credit_invoices drop constraint credit_invoices_status_check;
                alter table credit_invoices add constraint credit_invoices_status_check check (status in ('unpaid', 'paid', 'void'));
                alter table credit_invoices add column voided_at timestamptz, add column void_reason text;
                """),
        // Separation of duties: who made the order (its quote, contract and order authors, a JSON array of
        // `sub`s) may not override credit for it. Reservations from before this know none ('[]').
        Migration(
            version: 105, name: "order authors",
            sql: """
                alter table credit_reservations add column order_authors text not null default '[]';
                """),
        // Rules as data: `defaultDepositRatio` and every change of it.
        Migration(version: 120, name: "settings and their history", sql: RuleSettingsStore<CreditSettings>.migrationSQL),
    ]
}
