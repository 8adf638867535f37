import O2CPostgres
import O2CRuntime

/// The finance schema (DOMAIN.md "Invoices, receipts and the customer's account"): invoices with their
/// outstanding amounts, receipts and how they were allocated, customers' credit balances (overpayments)
/// with every movement, and deposit refunds. Money is bigint fen; every row says who, in which role, when.
///
/// Unique indexes make a repeated business fact harmless: one deposit and one balance invoice per
/// order, one freight invoice per dispatch note, one refund (or tombstone) per order.
enum FinanceMigrations {
    static let all: [Migration] = ledger + returnsAndCollections + penalties + indexes + forms

    /// Issue 14, printable forms: the company name at the head of invoices, statements and dunning letters,
    /// changeable as rules are (`FinanceSettings`).
    static let forms: [Migration] = [
        Migration(version: 220, name: "settings and their history", sql: RuleSettingsStore<FinanceSettings>.migrationSQL)
    ]

    static let ledger: [Migration] = [
        Migration(
            version: 100, name: "invoices",
            sql: """
                create table invoices (
                    id text primary key,
                    customer_id text not null,
                    order_id text,
                    dispatch_note_id text,
                    kind text not null check (kind in ('deposit', 'balance', 'freight', 'credit_note')),
                    amount bigint not null check (amount >= 0),
                    outstanding bigint not null check (outstanding >= 0 and outstanding <= amount),
                    due_date date not null,
                    status text not null check (status in ('open', 'settled', 'cancelled')),
                    issued_by text not null,
                    issued_role text not null,
                    issued_at timestamptz not null,
                    settled_at timestamptz,
                    cancelled_by text,
                    cancelled_role text,
                    cancelled_at timestamptz,
                    overdue_notified_at timestamptz
                );
                create unique index invoices_one_deposit_per_order on invoices (order_id) where kind = 'deposit';
                create unique index invoices_one_balance_per_order on invoices (order_id) where kind = 'balance';
                create unique index invoices_one_freight_per_dispatch on invoices (dispatch_note_id) where kind = 'freight';
                create index invoices_customer on invoices (customer_id, due_date, issued_at);
                create index invoices_overdue_candidates on invoices (due_date)
                    where status = 'open' and overdue_notified_at is null;
                """),
        Migration(
            version: 101, name: "receipts and allocations",
            sql: """
                create table receipts (
                    id text primary key,
                    customer_id text not null,
                    amount bigint not null check (amount > 0),
                    method text not null check (method in ('bank', 'cash', 'cod')),
                    reference text not null,
                    expected_amount bigint,
                    needs_reconciliation boolean not null,
                    reconciliation_difference bigint,
                    to_credit bigint not null check (to_credit >= 0),
                    recorded_by text not null,
                    recorded_role text not null,
                    recorded_at timestamptz not null
                );
                create index receipts_customer on receipts (customer_id, recorded_at);
                create table allocations (
                    id bigserial primary key,
                    receipt_id text references receipts (id),
                    invoice_id text not null references invoices (id),
                    source text not null check (source in ('receipt', 'credit_balance')),
                    amount bigint not null check (amount > 0),
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null
                );
                create index allocations_invoice on allocations (invoice_id);
                create index allocations_receipt on allocations (receipt_id);
                """),
        Migration(
            version: 102, name: "credit balances and refunds",
            sql: """
                create table customer_credits (
                    customer_id text primary key,
                    balance bigint not null check (balance >= 0),
                    updated_by text not null,
                    updated_role text not null,
                    updated_at timestamptz not null
                );
                create table credit_movements (
                    id bigserial primary key,
                    customer_id text not null,
                    amount bigint not null,
                    reason text not null,
                    receipt_id text,
                    invoice_id text,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null
                );
                create index credit_movements_customer on credit_movements (customer_id, id);
                create table refunds (
                    id text primary key,
                    order_id text not null unique,
                    customer_id text not null,
                    invoice_id text references invoices (id),
                    paid bigint not null check (paid >= 0),
                    penalty bigint not null check (penalty >= 0),
                    amount bigint not null check (amount >= 0),
                    approved_by text not null,
                    approved_role text not null,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null
                );
                create index refunds_customer on refunds (customer_id, created_at);
                """),
    ]
}
