import O2CPostgres

extension WarehouseMigrations {
    /// Issue 14, the department's daily work (CONTRACT.md "The department's daily work"): the lists of
    /// dispatch notes and gate passes, newest first in keyset pages, each served by an index on its time
    /// and id or on its filter followed by them (QueryPlanTests reads them on a large history).
    static let lists: [Migration] = [
        Migration(
            version: 200, name: "list indexes",
            sql: """
                create index dispatch_notes_list on dispatch_notes (created_at, id);
                create index dispatch_notes_customer on dispatch_notes (customer_id, created_at, id);
                drop index dispatch_notes_status;
                create index dispatch_notes_status on dispatch_notes (status, created_at, id);
                create index gate_passes_list on gate_passes (issued_at, id);
                create index gate_passes_note on gate_passes (dispatch_note_id, issued_at, id);
                -- A carrier's list: the notes handed to it.
                create index waybills_carrier on waybills (carrier, dispatch_note_id);
                """)
    ]
}
