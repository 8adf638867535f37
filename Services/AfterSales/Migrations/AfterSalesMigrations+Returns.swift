import O2CPostgres
import O2CRuntime

/// The after-sales schema for returns and quality tracking (DOMAIN.md "After-sales and returns"):
/// the delivered orders it can take returns for (a projection of orders' and the warehouse's events),
/// returns with their lines and the history of every step, and product quality tracking cards
/// (产品质量跟踪卡) with the revisits that record the customer's satisfaction.
extension AfterSalesMigrations {
    static let returns: [Migration] = [
        Migration(
            version: 101, name: "delivered orders, returns, quality tracking cards",
            sql: """
                create table return_orders (
                    order_id text primary key,
                    customer_id text,
                    customer_name text,
                    delivery_address text,
                    -- the signing or amendment time the lines come from: an older fact never replaces newer lines
                    lines_at timestamptz,
                    updated_at timestamptz not null
                );
                create table return_order_lines (
                    order_id text not null references return_orders (order_id),
                    sku text not null,
                    quantity int not null,
                    unit_price bigint not null,
                    primary key (order_id, sku)
                );
                create table return_order_deliveries (
                    order_id text not null,
                    dispatch_note_id text not null,
                    delivered_at timestamptz not null,
                    -- the event named no lines: everything ordered was delivered
                    as_ordered boolean not null,
                    recorded_at timestamptz not null,
                    primary key (order_id, dispatch_note_id)
                );
                create table return_order_delivery_lines (
                    order_id text not null,
                    dispatch_note_id text not null,
                    sku text not null,
                    quantity int not null,
                    primary key (order_id, dispatch_note_id, sku),
                    foreign key (order_id, dispatch_note_id) references return_order_deliveries (order_id, dispatch_note_id)
                );
                create table returns (
                    id text primary key,
                    order_id text not null,
                    customer_id text not null,
                    kind text not null check (kind in ('return', 'exchange')),
                    reason text not null,
                    status text not null,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null,
                    updated_at timestamptz not null
                );
                create index returns_order on returns (order_id);
                create table return_lines (
                    return_id text not null references returns (id),
                    sku text not null,
                    quantity int not null check (quantity > 0),
                    unit_price bigint not null,
                    received_quantity int,
                    primary key (return_id, sku)
                );
                create table return_history (
                    id bigserial primary key,
                    return_id text not null references returns (id),
                    action text not null,
                    status text not null,
                    comment text,
                    changed_by text not null,
                    changed_role text not null,
                    changed_at timestamptz not null
                );
                create index return_history_return on return_history (return_id, id);
                create table quality_cards (
                    id text primary key,
                    order_id text not null,
                    customer_id text,
                    sku text not null,
                    quantity int not null,
                    delivered_at timestamptz not null,
                    created_at timestamptz not null,
                    unique (order_id, sku)
                );
                create index quality_cards_sku on quality_cards (sku);
                create table quality_revisits (
                    id bigserial primary key,
                    card_id text not null references quality_cards (id),
                    satisfaction text not null check (satisfaction in ('satisfied', 'neutral', 'dissatisfied')),
                    contact text not null,
                    notes text,
                    created_by text not null,
                    created_role text not null,
                    created_at timestamptz not null
                );
                create index quality_revisits_card on quality_revisits (card_id, id);
                """),
        // The business calendar as orders broadcasts it (`orders.calendar_changed.v1`), for the return saga's
        // working-day deadlines.
        Migration(version: 120, name: "business calendar projection", sql: CalendarYears.migrationSQL),
    ]
}
