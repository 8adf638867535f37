import O2CPostgres

extension OrdersMigrations {
    /// Issue 14, the department's daily work (CONTRACT.md "The department's daily work"): customers have an
    /// owner (the salesperson's `sub`) and a region, every change to a customer is kept, quotes, contracts and
    /// orders carry their customer's owner and region as they were when made, and every list is served by an
    /// index on `(created_at, id)` or on its filter followed by them (newest first, keyset pages).
    static let lists: [Migration] = [
        Migration(
            version: 200, name: "customer ownership, customer history and list indexes",
            sql: """
                alter table customers add column owner text, add column region text;
                create table customer_changes (
                    id bigserial primary key,
                    customer_id text not null references customers (id),
                    field text not null,
                    old_value text,
                    new_value text,
                    changed_by text not null,
                    changed_role text not null,
                    changed_at timestamptz not null
                );
                create index customer_changes_customer on customer_changes (customer_id, id);
                alter table quotes add column owner text, add column region text;
                alter table contracts add column owner text, add column region text;
                alter table orders add column owner text, add column region text;
                alter table products add column created_at timestamptz;
                update products set created_at = updated_at;
                alter table products alter column created_at set not null;

                create index customers_list on customers (created_at, id);
                create index customers_owner on customers (owner, created_at, id);
                create index customers_region on customers (region, created_at, id);
                create index products_list on products (created_at, sku);
                create index quotes_list on quotes (created_at, id);
                create index quotes_customer on quotes (customer_id, created_at, id);
                create index quotes_owner on quotes (owner, created_at, id);
                create index quotes_status on quotes (status, created_at, id);
                create index contracts_list on contracts (created_at, id);
                create index contracts_customer on contracts (customer_id, created_at, id);
                create index contracts_owner on contracts (owner, created_at, id);
                create index contracts_status on contracts (status, created_at, id);
                create index orders_list on orders (created_at, id);
                create index orders_customer on orders (customer_id, created_at, id);
                create index orders_owner on orders (owner, created_at, id);
                create index orders_status on orders (status, created_at, id);
                create index order_requests_list on order_requests (created_at, id);
                create index order_requests_status on order_requests (status, created_at, id);
                """)
    ]
}
