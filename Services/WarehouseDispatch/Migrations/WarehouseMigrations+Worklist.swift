import O2CPostgres

/// Issue 14, worklists (CONTRACT.md "The department's daily work"): the index `WorklistStore` reads notes by.
extension WarehouseMigrations {
    static let worklist: [Migration] = [
        Migration(
            version: 210, name: "worklist index",
            sql: """
                -- WorklistStore: the notes in one status, the earliest ship-by first (to pick, to hand over, to issue a
                -- gate pass for, to release, to deliver, to receive back).
                create index dispatch_notes_status_ship_by on dispatch_notes (status, ship_by, id);
                """)
    ]
}
