import O2CPostgres

/// Issue 14, worklists and contract archiving (CONTRACT.md "The department's daily work"): when a contract was
/// signed and who archived it, and one partial index per worklist statement of `WorklistStore`, each over the
/// few rows that wait (what is done leaves the index).
extension OrdersMigrations {
    static let worklist: [Migration] = [
        Migration(
            version: 210, name: "contract archiving and worklist indexes",
            sql: """
                alter table contracts add column signed_at timestamptz, add column archived_at timestamptz,
                    add column archived_by text, add column archived_role text;
                -- Before this, a signed contract was last written when it was signed.
                update contracts set signed_at = updated_at where status = 'signed';
                alter table contracts add constraint contracts_signed_at check ((status = 'signed') = (signed_at is not null));
                alter table contracts add constraint contracts_archived_when_signed check (archived_at is null or status = 'signed');
                alter table contracts add constraint contracts_archived_by
                    check ((archived_at is null) = (archived_by is null) and (archived_at is null) = (archived_role is null));
                -- WorklistStore: signed contracts not archived (sales_admin), oldest signing first.
                create index contracts_unarchived on contracts (signed_at, id) where status = 'signed' and archived_at is null;
                -- WorklistStore: quotes, contracts, change requests awaiting approval, phone and fax orders awaiting
                -- confirmation, oldest first.
                create index quotes_pending_approval on quotes (created_at, id) where status = 'pending_approval';
                create index contracts_pending_approval on contracts (created_at, id) where status = 'pending_approval';
                create index order_requests_pending_approval on order_requests (created_at, id) where status = 'pending_approval';
                create index orders_awaiting_confirmation on orders (created_at, id) where status = 'awaiting_confirmation';
                """)
    ]
}
