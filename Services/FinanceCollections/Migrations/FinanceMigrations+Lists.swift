import O2CPostgres

extension FinanceMigrations {
    /// Issue 14, the department's daily work (CONTRACT.md "The department's daily work"): the lists of
    /// invoices, receipts and refunds, newest first in keyset pages, each served by an index on its time and
    /// id or on its filter followed by them (QueryPlanTests reads them on a large history).
    static let lists: [Migration] = [
        Migration(
            version: 200, name: "list indexes",
            sql: """
                create index invoices_list on invoices (issued_at, id);
                create index invoices_customer_list on invoices (customer_id, issued_at, id);
                create index invoices_status_list on invoices (status, issued_at, id);
                create index receipts_list on receipts (recorded_at, id);
                create index receipts_customer_list on receipts (customer_id, recorded_at, id);
                create index receipts_to_reconcile on receipts (recorded_at, id) where needs_reconciliation;
                create index refunds_list on refunds (created_at, id);
                create index credit_note_refunds_list on credit_note_refunds (created_at, id);
                """)
    ]
}
