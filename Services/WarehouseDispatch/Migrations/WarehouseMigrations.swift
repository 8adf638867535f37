import O2CPostgres
import O2CRuntime

/// The warehouse schema (DOMAIN.md "Dispatch"). Every row that changes carries who, in which role, and
/// when; every status change of a note is also kept in `dispatch_note_history`.
enum WarehouseMigrations {
    static let all: [Migration] = [
        Migration(
            version: 100, name: "stock and dispatch notes",
            sql: """
                create table stock (
                    sku text not null,
                    warehouse text not null,
                    on_hand bigint not null check (on_hand >= 0),
                    updated_by text not null, updated_role text not null, updated_at timestamptz not null,
                    primary key (sku, warehouse)
                );
                create table stock_changes (
                    id bigserial primary key,
                    sku text not null, warehouse text not null,
                    on_hand_before bigint not null, on_hand_after bigint not null,
                    reason text not null, dispatch_note_id text,
                    changed_by text not null, changed_role text not null, changed_at timestamptz not null
                );
                create table dispatch_notes (
                    id text primary key,
                    kind text not null default 'outbound' check (kind in ('outbound')),
                    order_id text not null,
                    customer_id text not null,
                    customer_name text not null,
                    delivery_address text not null,
                    ship_by timestamptz not null,
                    status text not null check (status in
                        ('backordered', 'issued', 'picked', 'handed_over', 'dispatched', 'delivered', 'cancelled')),
                    picked_by text[],
                    discrepancy_approval_id bigint,
                    dispatched_at timestamptz,
                    created_by text not null, created_role text not null, created_at timestamptz not null,
                    updated_by text not null, updated_role text not null, updated_at timestamptz not null,
                    unique (order_id, kind)
                );
                create index dispatch_notes_status on dispatch_notes (status, created_at);
                create table dispatch_note_lines (
                    dispatch_note_id text not null references dispatch_notes (id),
                    sku text not null,
                    quantity bigint not null check (quantity >= 0),
                    picked_quantity bigint check (picked_quantity >= 0),
                    primary key (dispatch_note_id, sku)
                );
                create table dispatch_note_history (
                    id bigserial primary key,
                    dispatch_note_id text not null references dispatch_notes (id),
                    from_status text, to_status text not null, detail text,
                    changed_by text not null, changed_role text not null, changed_at timestamptz not null
                );
                create table reservations (
                    order_id text not null,
                    sku text not null,
                    quantity bigint not null check (quantity > 0),
                    created_by text not null, created_role text not null, created_at timestamptz not null,
                    primary key (order_id, sku)
                );
                create table discrepancy_approvals (
                    id bigserial primary key,
                    dispatch_note_id text not null references dispatch_notes (id),
                    lines_json text not null,
                    reason text not null,
                    approved_by text not null, approved_role text not null, approved_at timestamptz not null
                );
                create table waybills (
                    dispatch_note_id text primary key references dispatch_notes (id),
                    carrier text not null,
                    quantity bigint not null check (quantity > 0),
                    unit_freight bigint not null check (unit_freight >= 0),
                    pricing_unit text not null check (pricing_unit in ('piece', 'ton', 'm3')),
                    consignee text not null, address text not null, phone text not null,
                    total_freight bigint not null check (total_freight >= 0),
                    destination text not null,
                    signed_by text not null,
                    created_by text not null, created_role text not null, created_at timestamptz not null
                );
                create table gate_passes (
                    id text primary key,
                    dispatch_note_id text not null references dispatch_notes (id),
                    issued_by text not null, issued_role text not null, issued_at timestamptz not null,
                    used_at timestamptz, used_by text, used_role text
                );
                create table delivery_confirmations (
                    dispatch_note_id text primary key references dispatch_notes (id),
                    signed_by text not null, signed_at timestamptz not null,
                    recorded_by text not null, recorded_role text not null, recorded_at timestamptz not null
                );
                create table cancelled_orders (
                    order_id text primary key,
                    message_id text not null,
                    recorded_by text not null, recorded_role text not null, recorded_at timestamptz not null
                );
                """),
        Migration(
            version: 101, name: "return and replacement notes, reservations per note, order amendments",
            sql: """
                alter table dispatch_notes drop constraint dispatch_notes_kind_check;
                alter table dispatch_notes drop constraint dispatch_notes_order_id_kind_key;
                alter table dispatch_notes drop constraint dispatch_notes_status_check;
                update dispatch_notes set kind = 'sale' where kind = 'outbound';
                alter table dispatch_notes alter column kind set default 'sale';
                alter table dispatch_notes add constraint dispatch_notes_kind_check check (kind in ('sale', 'return', 'replacement'));
                alter table dispatch_notes add constraint dispatch_notes_status_check check (status in
                    ('backordered', 'issued', 'picked', 'handed_over', 'dispatched', 'delivered', 'cancelled', 'received', 'discrepancy'));
                alter table dispatch_notes add column return_id text;
                alter table dispatch_notes add constraint dispatch_notes_return_id check ((kind = 'sale') = (return_id is null));
                create unique index dispatch_notes_one_sale_per_order on dispatch_notes (order_id) where kind = 'sale';
                create unique index dispatch_notes_one_per_return on dispatch_notes (return_id, kind) where return_id is not null;
                alter table dispatch_note_lines add column counted_quantity bigint check (counted_quantity >= 0);
                alter table reservations add column dispatch_note_id text references dispatch_notes (id);
                update reservations r set dispatch_note_id = n.id from dispatch_notes n where n.order_id = r.order_id and n.kind = 'sale';
                delete from reservations where dispatch_note_id is null;
                alter table reservations alter column dispatch_note_id set not null;
                alter table reservations drop constraint reservations_pkey;
                alter table reservations add primary key (dispatch_note_id, sku);
                alter table discrepancy_approvals add column superseded_at timestamptz;
                create table return_counts (
                    id bigserial primary key,
                    dispatch_note_id text not null references dispatch_notes (id),
                    lines_json text not null,
                    matched boolean not null,
                    counted_by text not null, counted_role text not null, counted_at timestamptz not null
                );
                create table order_amendments (
                    amendment_id text primary key,
                    order_id text not null,
                    dispatch_note_id text references dispatch_notes (id),
                    outcome text not null,
                    recorded_by text not null, recorded_role text not null, recorded_at timestamptz not null
                );
                """),
        Migration(
            version: 102, name: "access log of dispatch-note list reads",
            sql: """
                create table access_log (
                    id bigserial primary key,
                    read_by text not null,
                    read_role text not null,
                    read_at timestamptz not null,
                    route text not null,
                    filter text not null,
                    notes integer not null check (notes >= 0)
                );
                create index access_log_newest on access_log (read_at desc, id desc);
                """),
        Migration(
            version: 103, name: "holds of dispatch notes for change requests, undone hand-overs",
            sql: """
                create table dispatch_holds (
                    request_id text primary key,
                    order_id text not null,
                    kind text not null,
                    dispatch_note_id text references dispatch_notes (id),
                    held_by text not null, held_role text not null, held_at timestamptz not null,
                    released_at timestamptz, released_by text, released_role text, release_reason text
                );
                create index dispatch_holds_active on dispatch_holds (order_id) where released_at is null;
                create table superseded_waybills (
                    id bigserial primary key,
                    dispatch_note_id text not null references dispatch_notes (id),
                    carrier text not null, quantity bigint not null, unit_freight bigint not null, pricing_unit text not null,
                    consignee text not null, address text not null, phone text not null, total_freight bigint not null,
                    destination text not null, signed_by text not null,
                    created_by text not null, created_role text not null, created_at timestamptz not null,
                    superseded_by text not null, superseded_role text not null, superseded_at timestamptz not null, reason text not null
                );
                alter table gate_passes add column voided_at timestamptz, add column void_reason text;
                """),
        // Issue 13, cost flat with history (Tests/IntegrationTests/QueryPlanTests.swift): each index is named for
        // the hot-path statement it serves.
        Migration(
            version: 104, name: "indexes for the hot path",
            sql: """
                -- DispatchNoteStore's list `… from dispatch_notes where … order_id = $1 order by created_at, id`
                -- (GET /v1/dispatch-notes?orderId=, every step of a shipment); the unique index on order_id covers
                -- sale notes only.
                create index dispatch_notes_order on dispatch_notes (order_id);
                -- GatePassStore: `select id from gate_passes where dispatch_note_id = $1 and used_at is null and
                -- voided_at is null` (issuing a pass) and the update that voids a note's unused pass.
                create index gate_passes_unused_for_note on gate_passes (dispatch_note_id) where used_at is null and voided_at is null;
                """),
        // Issue 14, printable forms: the company name at the head of the forms, changeable as rules are.
        Migration(version: 220, name: "settings and their history", sql: RuleSettingsStore<WarehouseSettings>.migrationSQL),
    ]
}
