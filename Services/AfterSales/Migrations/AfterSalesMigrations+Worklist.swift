import O2CPostgres

/// Issue 14, worklists (CONTRACT.md "The department's daily work"): one partial index per statement of
/// `WorklistStore`, over the returns and service requests that wait for a person.
extension AfterSalesMigrations {
    static let worklist: [Migration] = [
        Migration(
            version: 210, name: "worklist indexes",
            sql: """
                -- WorklistStore: returns at a person's step (first review, inspection, approval), oldest change first.
                create index returns_at_a_step on returns (updated_at, id)
                    where status in ('awaiting_confirmation', 'awaiting_inspection', 'awaiting_approval');
                -- WorklistStore: service requests not closed, oldest change first.
                create index service_requests_open on service_requests (updated_at, id) where status <> 'closed';
                """)
    ]
}
