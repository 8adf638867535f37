import O2CPostgres

/// Issue 13, cost flat with history (Tests/IntegrationTests/QueryPlanTests.swift): indexes for the hot-path
/// statements that would otherwise scan a table growing with every order; each is named for the statement
/// it serves.
extension FinanceMigrations {
    static let indexes: [Migration] = [
        Migration(
            version: 140, name: "indexes for the hot path",
            sql: """
                -- InvoiceStore: `select … from invoices where order_id = $1 order by due_date, issued_at, id` (an
                -- order's invoices: GET /v1/invoices?orderId=, every payment event of the order) and the deposit
                -- invoice `where order_id = $1 and kind = 'deposit' for update`.
                create index invoices_order on invoices (order_id);
                """)
    ]
}
