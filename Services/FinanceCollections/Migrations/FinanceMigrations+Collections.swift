import O2CPostgres
import O2CRuntime

/// The finance schema's later parts: credit notes (DOMAIN.md "After-sales and returns": finance issues a
/// credit note and refunds or offsets it; freight refunds), deposit re-pricing after amendments, dunning,
/// cash on delivery, statement confirmations. Money is bigint fen; every row says who, in which role, when.
///
/// A credit note's offset is an allocation of source `credit_note` (not money received); what is
/// refunded of it is a `credit_note_refunds` row. One credit note per return and per freight refund.
extension FinanceMigrations {
    static let returnsAndCollections: [Migration] = [
        Migration(
            version: 103, name: "credit notes and their refunds",
            sql: """
                alter table allocations drop constraint allocations_source_check;
                alter table allocations add constraint allocations_source_check
                    check (source in ('receipt', 'credit_balance', 'credit_note'));
                alter table allocations add column credit_note_id text references invoices (id);
                create table credit_notes (
                    invoice_id text primary key references invoices (id),
                    customer_id text not null,
                    order_id text,
                    return_id text unique,
                    freight_refund_id text unique,
                    amount bigint not null check (amount >= 0),
                    offset_amount bigint not null check (offset_amount >= 0),
                    refunded bigint not null check (refunded >= 0),
                    reason text not null,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null,
                    check (offset_amount + refunded = amount)
                );
                create index credit_notes_customer on credit_notes (customer_id, created_at);
                create table credit_note_refunds (
                    id text primary key,
                    credit_note_id text not null unique references invoices (id),
                    kind text not null check (kind in ('return', 'freight')),
                    return_id text,
                    freight_refund_id text,
                    order_id text,
                    customer_id text not null,
                    amount bigint not null check (amount > 0),
                    reason text not null,
                    approved_by text,
                    approved_role text,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null
                );
                create index credit_note_refunds_customer on credit_note_refunds (customer_id, created_at);
                create index credit_note_refunds_order on credit_note_refunds (order_id);
                """),
        Migration(
            version: 104, name: "deposit ratio and invoice adjustments",
            sql: """
                alter table invoices add column deposit_ratio_bp integer check (deposit_ratio_bp between 0 and 10000);
                create table invoice_adjustments (
                    id bigserial primary key,
                    amendment_id text not null unique,
                    invoice_id text not null references invoices (id),
                    order_id text not null,
                    customer_id text not null,
                    outcome text not null check (outcome in ('repriced', 'kept')),
                    previous_amount bigint not null,
                    amount bigint not null,
                    reason text not null,
                    approved_by text not null,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null
                );
                create index invoice_adjustments_invoice on invoice_adjustments (invoice_id);
                """),
        Migration(
            version: 105, name: "dunning notices",
            sql: """
                create table dunning_notices (
                    id text primary key,
                    invoice_id text not null references invoices (id),
                    customer_id text not null,
                    level integer not null check (level between 1 and 3),
                    days_overdue integer not null check (days_overdue > 0),
                    outstanding bigint not null,
                    note text not null,
                    contact text not null,
                    chased_by text not null,
                    chased_role text not null,
                    chased_at timestamptz not null,
                    confirmed_by text,
                    confirmed_role text,
                    confirmed_at timestamptz
                );
                create index dunning_notices_invoice on dunning_notices (invoice_id, chased_at);
                """),
        Migration(
            version: 106, name: "cash on delivery receipts",
            sql: """
                alter table receipts add column order_id text;
                alter table receipts add column carrier text;
                alter table receipts add column collected_at timestamptz;
                alter table receipts add column late_handover boolean not null default false;
                alter table receipts add constraint receipts_cod_names_order
                    check (method <> 'cod' or (order_id is not null and carrier is not null and collected_at is not null));
                """),
        Migration(
            version: 107, name: "statement confirmations",
            sql: """
                create table statement_confirmations (
                    customer_id text not null,
                    month text not null,
                    confirmed_by text not null,
                    note text not null,
                    recorded_by text not null,
                    recorded_role text not null,
                    recorded_at timestamptz not null,
                    primary key (customer_id, month)
                );
                """),
        Migration(
            version: 108, name: "freight refunds",
            sql: """
                create table freight_refunds (
                    id text primary key,
                    invoice_id text not null references invoices (id),
                    customer_id text not null,
                    order_id text,
                    amount bigint not null check (amount > 0),
                    reason text not null,
                    status text not null check (status in ('pending', 'approved', 'rejected')),
                    requested_by text not null,
                    requested_role text not null,
                    requested_at timestamptz not null,
                    decided_by text,
                    decided_role text,
                    decided_at timestamptz,
                    decision_comment text,
                    credit_note_id text references invoices (id)
                );
                create index freight_refunds_invoice on freight_refunds (invoice_id);
                """),
        // A bank or cash reference is recorded once per customer and method (CONTRACT.md): looked up under
        // the customer's lock by `ReceiptRoutes`. Not a unique index, so that a ledger that already holds
        // duplicates from before this rule still migrates (finance reconciles those by hand).
        Migration(
            version: 109, name: "receipt references",
            sql: """
                create index receipts_reference on receipts (customer_id, method, reference);
                """),
        // Why an invoice was withdrawn (with cancelled_by, cancelled_role, cancelled_at): the order's
        // cancellation reason, `deposit_unpaid` when the unpaid-deposit window ran out.
        Migration(
            version: 110, name: "invoice cancellation reason",
            sql: """
                alter table invoices add column cancelled_reason text;
                """),
        // The business calendar as orders broadcasts it (`orders.calendar_changed.v1`): due dates on a holiday
        // move to the next working day (BusinessCalendar+DueDates).
        Migration(version: 120, name: "business calendar projection", sql: CalendarYears.migrationSQL),
    ]
}
