import O2CPostgres

extension AfterSalesMigrations {
    /// Issue 14, the department's daily work (CONTRACT.md "The department's daily work"): the lists of returns
    /// and service requests (complaints), newest first in keyset pages, each served by an index on its time and
    /// id or on its filter followed by them.
    static let lists: [Migration] = [
        Migration(
            version: 200, name: "list indexes",
            sql: """
                create index returns_list on returns (created_at, id);
                create index returns_customer on returns (customer_id, created_at, id);
                create index returns_status on returns (status, created_at, id);
                create index service_requests_list on service_requests (created_at, id);
                create index service_requests_customer on service_requests (customer_id, created_at, id);
                create index service_requests_status on service_requests (status, created_at, id);
                create index service_requests_technician on service_requests (technician, created_at, id);
                """)
    ]
}
