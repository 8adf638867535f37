import O2CPostgres

/// Issue 14, worklists (CONTRACT.md "The department's daily work"): one partial index per statement of
/// `WorklistStore`, over the rows that still wait.
extension FinanceMigrations {
    static let worklist: [Migration] = [
        Migration(
            version: 210, name: "worklist indexes",
            sql: """
                -- WorklistStore: open charges past their due date, the longest overdue first (to chase, to collect).
                create index invoices_open_charges_due on invoices (due_date, id)
                    where status = 'open' and kind <> 'credit_note' and outstanding > 0;
                -- WorklistStore: dunning notices finance has not confirmed, oldest first.
                create index dunning_notices_unconfirmed on dunning_notices (chased_at, id) where confirmed_at is null;
                -- WorklistStore: freight refunds awaiting the general_manager, oldest first.
                create index freight_refunds_pending on freight_refunds (requested_at, id) where status = 'pending';
                """)
    ]
}
