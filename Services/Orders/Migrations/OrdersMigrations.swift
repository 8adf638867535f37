import O2CPostgres
import O2CRuntime

/// The orders schema (DOMAIN.md "Prices and approvals", "Quotes, bids and contracts", "Order
/// amendments", "Confidentiality"). Money is bigint fen; lines and approval states are JSON text of
/// the rule types; every row says who made it and who changed it last, in which role, and when;
/// every approval decision is kept in `approval_decisions`. Versions 100–149 and 200+ (the saga host: 150–199).
enum OrdersMigrations {
    static let all: [Migration] = [
        Migration(
            version: 100, name: "products and customers",
            sql: """
                create table products (
                    sku text primary key,
                    name text not null,
                    spec text not null,
                    unit text not null,
                    market_price bigint not null,
                    dealer_floor_price bigint not null,
                    factory_floor_price bigint not null,
                    check (market_price >= dealer_floor_price and dealer_floor_price >= factory_floor_price and factory_floor_price > 0),
                    updated_by text not null,
                    updated_role text not null,
                    updated_at timestamptz not null
                );
                create table customers (
                    id text primary key,
                    name text not null,
                    channel text not null check (channel in ('end_user', 'dealer')),
                    contact_person text not null,
                    contact_phone text not null,
                    delivery_address text not null,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null
                );
                create table archive_reads (
                    id bigserial primary key,
                    customer_id text not null,
                    read_by text not null,
                    read_role text not null,
                    read_at timestamptz not null
                );
                create index archive_reads_customer on archive_reads (customer_id, id);
                """),
        Migration(
            version: 101, name: "quotes, contracts and approval decisions",
            sql: """
                create table quotes (
                    id text primary key,
                    customer_id text not null references customers (id),
                    lines text not null,
                    total bigint not null,
                    valid_until timestamptz not null,
                    payment_terms text,
                    delivery_date text,
                    status text not null check (status in ('pending_approval', 'approved', 'sent', 'accepted', 'rejected', 'expired')),
                    approval text not null,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null,
                    updated_by text not null,
                    updated_role text not null,
                    updated_at timestamptz not null
                );
                create table contracts (
                    id text primary key,
                    quote_id text not null references quotes (id),
                    customer_id text not null references customers (id),
                    lines text not null,
                    total bigint not null,
                    delivery_address text not null,
                    requested_delivery_date text,
                    payment_terms text,
                    status text not null check (status in ('pending_approval', 'approved', 'rejected', 'signed')),
                    approval text not null,
                    order_id text unique,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null,
                    updated_by text not null,
                    updated_role text not null,
                    updated_at timestamptz not null
                );
                create table approval_decisions (
                    id bigserial primary key,
                    subject_kind text not null check (subject_kind in ('quote', 'contract', 'order', 'order_request')),
                    subject_id text not null,
                    decision text not null,
                    roles text not null,
                    decided_by text not null,
                    decided_at timestamptz not null,
                    comment text
                );
                create index approval_decisions_subject on approval_decisions (subject_kind, subject_id, id);
                """),
        Migration(
            version: 102, name: "orders and change requests",
            sql: """
                create table orders (
                    id text primary key,
                    customer_id text not null references customers (id),
                    buyer_name text not null,
                    lines text not null,
                    total bigint not null,
                    delivery_address text not null,
                    requested_delivery_date text,
                    payment_method text,
                    source text not null check (source in ('contract', 'phone', 'fax')),
                    contract_id text unique references contracts (id),
                    status text not null,
                    status_changed_at timestamptz,
                    approval text,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null,
                    updated_by text not null,
                    updated_role text not null,
                    updated_at timestamptz not null
                );
                create table order_requests (
                    id text primary key,
                    order_id text not null references orders (id),
                    kind text not null check (kind in ('buyer_name', 'line_item', 'price', 'payment_method', 'cancel')),
                    details text not null,
                    status text not null check (status in ('pending_approval', 'approved', 'rejected')),
                    approval text not null,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null,
                    updated_by text not null,
                    updated_role text not null,
                    updated_at timestamptz not null
                );
                create index order_requests_order on order_requests (order_id);
                -- One open or approved cancellation per order: a second is refused, not doubled.
                create unique index order_requests_one_cancel on order_requests (order_id) where kind = 'cancel' and status <> 'rejected';
                """),
        Migration(
            version: 103, name: "customer contacts and applied amendments",
            sql: """
                create table customer_contacts (
                    id text primary key,
                    order_id text not null references orders (id),
                    kind text not null check (kind in ('order_confirmation', 'shipment_notice')),
                    contact text not null,
                    note text not null,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null
                );
                create index customer_contacts_order on customer_contacts (order_id, created_at);
                create table order_line_changes (
                    request_id text primary key references order_requests (id),
                    order_id text not null references orders (id),
                    previous_lines jsonb not null,
                    previous_total bigint not null,
                    lines jsonb not null,
                    total bigint not null,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null
                );
                """),
        Migration(
            version: 104, name: "change requests waiting for credit, and why one was rejected",
            sql: """
                -- An amendment that raises the total waits in 'applying' for credit's answer and ends 'applied' or
                -- 'rejected' with the code and reason (credit_limit_exceeded, customer_on_hold, ...).
                alter table order_requests drop constraint order_requests_status_check;
                alter table order_requests add constraint order_requests_status_check
                    check (status in ('pending_approval', 'approved', 'applying', 'applied', 'rejected'));
                alter table order_requests add column rejection_code text, add column rejection_reason text;
                """),
        Migration(
            version: 110, name: "what an applying change request waits for",
            sql: """
                -- 'holding': warehouse-dispatch to hold the dispatch note (the point of no return); 'crediting': credit.
                alter table order_requests add column applying_stage text check (applying_stage in ('holding', 'crediting'));
                -- Before the hold existed, 'applying' meant waiting for credit.
                update order_requests set applying_stage = 'crediting' where status = 'applying';
                alter table order_requests add constraint order_requests_stage_when_applying
                    check ((status = 'applying') = (applying_stage is not null));
                """),
        Migration(
            version: 120, name: "rules as data: settings, the business calendar, and their history",
            sql: """
                \(RuleSettingsStore<OrdersSettings>.migrationSQL)
                \(CalendarYears.migrationSQL)
                create table calendar_history (
                    id bigserial primary key,
                    year integer not null,
                    changed_by text not null,
                    changed_role text not null,
                    changed_at timestamptz not null,
                    before text not null,
                    after text not null
                );
                create index calendar_history_year on calendar_history (year, id);
                """),
        // The contract's cancellation term in basis points (CONTRACT.md "Changes to an order": cancellationPenaltyPercent,
        // default 0), and on a cancellation request the penalty finance computed from it, with its basis (JSON of
        // `OrderRequest.PenaltyComputation`; null until finance answered).
        Migration(
            version: 130, name: "cancellation penalty term and computed penalties",
            sql: """
                alter table contracts add column cancellation_penalty_bp int not null default 0
                    check (cancellation_penalty_bp between 0 and 10000);
                alter table order_requests add column penalty_computation text;
                """),
        // Issue 13, cost flat with history (Tests/IntegrationTests/QueryPlanTests.swift): each index is named for
        // the hot-path statement it serves.
        Migration(
            version: 140, name: "indexes for the hot path",
            sql: """
                -- ContractStore: `select id from contracts where quote_id = $1 and status <> 'rejected'` (a quote's
                -- live contract, looked up when a contract is made from it).
                create index contracts_quote on contracts (quote_id);
                """),
    ]
}
