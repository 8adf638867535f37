import Foundation
import O2CMessaging
import O2CPostgres
import O2CContracts

/// Stock on hand per sku and warehouse, and reservations per dispatch note and sku. Every change of stock takes
/// one transaction-scoped lock first, so availability checks and reservations never race.
enum StockStore {
    static func lock(on connection: PostgresConnection) async throws {
        try await connection.query("select pg_advisory_xact_lock(hashtext('warehouse.stock'))")
    }

    /// On hand and reserved, totalled over warehouses, for these skus.
    static func availability(for skus: [String], on connection: PostgresConnection) async throws -> StockAvailability {
        let rows = try await connection.query("""
            select s.sku,
                   coalesce((select sum(on_hand) from stock where sku = s.sku), 0) as on_hand,
                   coalesce((select sum(quantity) from reservations where sku = s.sku), 0) as reserved
            from unnest($1::text[]) as s (sku)
            """, [skus]).rows
        var levels: [String: StockAvailability.Level] = [:]
        for row in rows { levels[try row.string("sku")] = .init(onHand: try row.int("on_hand"), reserved: try row.int("reserved")) }
        return StockAvailability(levels: levels)
    }

    /// A warehouse keeper's count of one sku in one warehouse.
    static func set(
        sku: String, warehouse: String, onHand: Int, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        let before = try await connection.query(
            "select on_hand from stock where sku = $1 and warehouse = $2 for update", [sku, warehouse]).first
        try await connection.query("""
            insert into stock (sku, warehouse, on_hand, updated_by, updated_role, updated_at) values ($1, $2, $3, $4, $5, $6)
            on conflict (sku, warehouse) do update
                set on_hand = excluded.on_hand, updated_by = excluded.updated_by,
                    updated_role = excluded.updated_role, updated_at = excluded.updated_at
            """, [sku, warehouse, onHand, actor.subject, actor.role, now])
        try await logChange(
            sku: sku, warehouse: warehouse, before: try before?.int("on_hand") ?? 0, after: onHand, reason: "count",
            noteId: nil, by: actor, at: now, on: connection)
    }

    /// Reserves `list` for the note; with `adding`, on top of what the note already holds (an approved extra).
    static func reserve(
        _ note: DispatchNote, _ list: PickList, adding: Bool = false, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        for line in list.sortedLines {
            try await connection.query("""
                insert into reservations (dispatch_note_id, order_id, sku, quantity, created_by, created_role, created_at)
                values ($1, $2, $3, $4, $5, $6, $7) on conflict (dispatch_note_id, sku) do update
                    set quantity = case when $8 then reservations.quantity + excluded.quantity else reservations.quantity end
                """, [note.id, note.orderId, line.sku, line.quantity, actor.subject, actor.role, now, adding])
        }
    }

    static func release(noteId: String, on connection: PostgresConnection) async throws {
        try await connection.query("delete from reservations where dispatch_note_id = $1", [noteId])
    }

    /// Returned goods back on hand in one warehouse (a return note received).
    static func receive(
        sku: String, quantity: Int, into warehouse: String, noteId: String, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        let before = try await connection.query(
            "select on_hand from stock where sku = $1 and warehouse = $2 for update", [sku, warehouse]).first.map { try $0.int("on_hand") } ?? 0
        try await connection.query("""
            insert into stock (sku, warehouse, on_hand, updated_by, updated_role, updated_at) values ($1, $2, $3, $4, $5, $6)
            on conflict (sku, warehouse) do update
                set on_hand = stock.on_hand + excluded.on_hand, updated_by = excluded.updated_by,
                    updated_role = excluded.updated_role, updated_at = excluded.updated_at
            """, [sku, warehouse, quantity, actor.subject, actor.role, now])
        // A bounded returned quantity (≤ 1,000,000,000) on a bigint level built of bounded counts and returns.
        try await logChange(
            sku: sku, warehouse: warehouse, before: before, after: before + quantity, reason: "returned", noteId: noteId, by: actor,
            at: now, on: connection)
    }

    /// The goods left: on hand goes down by what was picked (largest stocks first) and the note's
    /// reservations are consumed.
    static func consume(noteId: String, picked: PickList, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        for line in picked.sortedLines {
            var remaining = line.quantity
            let rows = try await connection.query(
                "select warehouse, on_hand from stock where sku = $1 and on_hand > 0 order by on_hand desc, warehouse for update",
                [line.sku]).rows
            for row in rows where remaining > 0 {
                let warehouse = try row.string("warehouse")
                let onHand = try row.int("on_hand")
                let taken = min(onHand, remaining)
                remaining -= taken
                try await connection.query(
                    "update stock set on_hand = $3, updated_by = $4, updated_role = $5, updated_at = $6 where sku = $1 and warehouse = $2",
                    [line.sku, warehouse, onHand - taken, actor.subject, actor.role, now])
                try await logChange(
                    sku: line.sku, warehouse: warehouse, before: onHand, after: onHand - taken, reason: "dispatched",
                    noteId: noteId, by: actor, at: now, on: connection)
            }
            guard remaining == 0 else {
                throw RuleViolation(code: .insufficientStock, detail: "\(line.sku): \(remaining) more picked than on hand")
            }
        }
        try await release(noteId: noteId, on: connection)
    }

    private static func logChange(
        sku: String, warehouse: String, before: Int, after: Int, reason: String, noteId: String?, by actor: Author,
        at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query("""
            insert into stock_changes (sku, warehouse, on_hand_before, on_hand_after, reason, dispatch_note_id,
                                       changed_by, changed_role, changed_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [sku, warehouse, before, after, reason, noteId, actor.subject, actor.role, now])
    }
}
