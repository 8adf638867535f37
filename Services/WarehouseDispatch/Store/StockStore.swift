import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// Stock on hand per sku and warehouse, and reservations per dispatch note and sku. Every change of stock takes
/// one transaction-scoped lock first, so availability checks and reservations never race.
enum StockStore {
    static func lock(on connection: PostgresConnection) async throws {
        try await connection.query("select pg_advisory_xact_lock(hashtext('warehouse.stock'))")
    }

    /// On hand and reserved, totalled over warehouses, for these skus.
    static func availability(for skus: [String], on connection: PostgresConnection) async throws -> StockAvailability {
        let rows = try await connection.query(
            """
            select s.sku,
                   coalesce((select sum(on_hand) from stock where sku = s.sku), 0) as on_hand,
                   coalesce((select sum(quantity) from reservations where sku = s.sku), 0) as reserved
            from unnest(\(skus)::text[]) as s (sku)
            """
        ).rows
        var levels: [String: StockAvailability.Level] = [:]
        for row in rows { levels[try row.string("sku")] = .init(onHand: try row.int("on_hand"), reserved: try row.int("reserved")) }
        return StockAvailability(levels: levels)
    }

    /// A page of the skus held in any warehouse, in sku order (stock has no "newest": it is listed as a stock
    /// list is read, by sku); `q` finds part of the sku; the cursor is the page's last sku.
    static func skus(_ query: ListQuery, on connection: PostgresConnection) async throws -> (skus: [String], next: ListCursor?) {
        var conditions: [SQL] = ["true"]
        if let after = query.after { conditions.append("sku > \(after.id)") }
        if let pattern = query.likePattern { conditions.append("sku ilike \(pattern)") }
        let rows = try await connection.query(
            """
            select distinct sku from stock where \(SQL.joined(conditions, separator: " and ")) order by sku limit \(Int64(query.limit) + 1)
            """
        ).rows
        let skus = try rows.prefix(query.limit).map { try $0.string("sku") }
        guard rows.count > query.limit, let last = skus.last else { return (skus, nil) }
        return (skus, ListCursor(microseconds: 0, id: last))
    }

    /// A warehouse keeper's count of one sku in one warehouse.
    static func set(
        sku: String, warehouse: String, onHand: Int, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        let before = try await connection.query(
            "select on_hand from stock where sku = \(sku) and warehouse = \(warehouse) for update"
        ).first
        try await connection.query(
            """
            insert into stock (sku, warehouse, on_hand, updated_by, updated_role, updated_at)
            values (\(sku), \(warehouse), \(onHand), \(actor.subject), \(actor.role), \(now))
            on conflict (sku, warehouse) do update
                set on_hand = excluded.on_hand, updated_by = excluded.updated_by,
                    updated_role = excluded.updated_role, updated_at = excluded.updated_at
            """)
        try await logChange(
            sku: sku, warehouse: warehouse, before: try before?.int("on_hand") ?? 0, after: onHand, reason: "count",
            noteId: nil, by: actor, at: now, on: connection)
    }

    /// Reserves `list` for the note; with `adding`, on top of what the note already holds (an approved extra).
    static func reserve(
        _ note: DispatchNote, _ list: PickList, adding: Bool = false, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        for line in list.sortedLines {
            try await connection.query(
                """
                insert into reservations (dispatch_note_id, order_id, sku, quantity, created_by, created_role, created_at)
                values (\(note.id), \(note.orderId), \(line.sku), \(line.quantity), \(actor.subject), \(actor.role), \(now))
                on conflict (dispatch_note_id, sku) do update
                    set quantity = case when \(adding) then reservations.quantity + excluded.quantity else reservations.quantity end
                """)
        }
    }

    static func release(noteId: String, on connection: PostgresConnection) async throws {
        try await connection.query("delete from reservations where dispatch_note_id = \(noteId)")
    }

    /// Returned goods back on hand in one warehouse (a return note received).
    static func receive(
        sku: String, quantity: Int, into warehouse: String, noteId: String, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        let before =
            try await connection.query(
                "select on_hand from stock where sku = \(sku) and warehouse = \(warehouse) for update"
            ).first.map { try $0.int("on_hand") } ?? 0
        try await connection.query(
            """
            insert into stock (sku, warehouse, on_hand, updated_by, updated_role, updated_at)
            values (\(sku), \(warehouse), \(quantity), \(actor.subject), \(actor.role), \(now))
            on conflict (sku, warehouse) do update
                set on_hand = stock.on_hand + excluded.on_hand, updated_by = excluded.updated_by,
                    updated_role = excluded.updated_role, updated_at = excluded.updated_at
            """)
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
                "select warehouse, on_hand from stock where sku = \(line.sku) and on_hand > 0 order by on_hand desc, warehouse for update"
            ).rows
            for row in rows where remaining > 0 {
                let warehouse = try row.string("warehouse")
                let onHand = try row.int("on_hand")
                let taken = min(onHand, remaining)
                remaining -= taken
                try await connection.query(
                    """
                    update stock set on_hand = \(onHand - taken), updated_by = \(actor.subject), updated_role = \(actor.role),
                        updated_at = \(now)
                    where sku = \(line.sku) and warehouse = \(warehouse)
                    """)
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

    /// Where a returned sku goes back on hand: the warehouse that gave the most of it to the order's outbound
    /// notes; else the one holding the most of it now; else `main`.
    static func origin(of sku: String, orderId: String, on connection: PostgresConnection) async throws -> String {
        if let row = try await connection.query(
            """
            select c.warehouse from stock_changes c join dispatch_notes n on n.id = c.dispatch_note_id
            where n.order_id = \(orderId) and n.kind <> 'return' and c.sku = \(sku) and c.reason = 'dispatched'
            group by c.warehouse order by sum(c.on_hand_before - c.on_hand_after) desc, c.warehouse limit 1
            """
        ).first {
            return try row.string("warehouse")
        }
        let held = try await connection.query("select warehouse from stock where sku = \(sku) order by on_hand desc, warehouse limit 1")
            .first
        return try held?.string("warehouse") ?? "main"
    }

    private static func logChange(
        sku: String, warehouse: String, before: Int, after: Int, reason: String, noteId: String?, by actor: Author,
        at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into stock_changes (sku, warehouse, on_hand_before, on_hand_after, reason, dispatch_note_id,
                                       changed_by, changed_role, changed_at)
            values (\(sku), \(warehouse), \(before), \(after), \(reason), \(noteId), \(actor.subject), \(actor.role), \(now))
            """)
    }
}
