import O2CPostgres

/// Issue 14, worklists (CONTRACT.md "The department's daily work"): the index `WorklistStore` reads by.
extension CreditMigrations {
    static let worklist: [Migration] = [
        Migration(
            version: 210, name: "worklist index",
            sql: """
                -- WorklistStore: refused reservations awaiting a sales_director's override, oldest first.
                create index credit_reservations_refused on credit_reservations (created_at, order_id) where status = 'refused';
                """)
    ]
}
