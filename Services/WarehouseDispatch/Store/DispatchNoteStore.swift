import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// Reading and writing notes. Status changes go through `move`, which also writes the history row.
enum DispatchNoteStore {
    static func find(id: String, lock: Bool = false, on connection: PostgresConnection) async throws -> DispatchNote? {
        try await select("where id = \(id)" + forUpdate(lock), on: connection).first
    }

    /// The notes of `ids` that exist, by id.
    static func find(ids: [String], on connection: PostgresConnection) async throws -> [String: DispatchNote] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(
            try await select("where id = any(\(ids))", on: connection).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A note the caller has just read or written in the same transaction (`not_found` if it vanished anyway).
    static func require(id: String, on connection: PostgresConnection) async throws -> DispatchNote {
        guard let note = try await find(id: id, on: connection) else { throw RuleViolation.noDispatchNote(id) }
        return note
    }

    /// The note, locked for the change the caller makes; `not_found` when there is none.
    static func lock(id: String, on connection: PostgresConnection) async throws -> DispatchNote {
        guard let note = try await find(id: id, lock: true, on: connection) else { throw RuleViolation.noDispatchNote(id) }
        return note
    }

    static func find(orderId: String, lock: Bool = false, on connection: PostgresConnection) async throws -> DispatchNote? {
        try await select("where order_id = \(orderId) and kind = 'sale'" + forUpdate(lock), on: connection).first
    }

    static func find(returnId: String, kind: NoteKind, on connection: PostgresConnection) async throws -> DispatchNote? {
        try await select("where return_id = \(returnId) and kind = \(kind.rawValue)", on: connection).first
    }

    /// A page of notes, newest first (CONTRACT.md "The department's daily work"): `orderId`, `customerId`,
    /// `kind`, `status`, `from`/`to` and `q` (a note, order or customer id, or part of the customer's name — not
    /// the name for a carrier, which does not see names); only those handed over to `carrier` when one is given.
    static func list(
        _ query: ListQuery, carrier: String?, on connection: PostgresConnection
    ) async throws -> (
        items: [DispatchNote], next: ListCursor?
    ) {
        var conditions = query.conditions()
        if let carrier { conditions.append("id in (select dispatch_note_id from waybills where carrier = \(carrier))") }
        if let orderId = query.filters["orderId"] { conditions.append("order_id = \(orderId)") }
        if let kind = query.filters["kind"] { conditions.append("kind = \(kind)") }
        if let text = query.text {
            if let pattern = query.likePattern, carrier == nil {
                conditions.append("(id = \(text) or order_id = \(text) or customer_id = \(text) or customer_name ilike \(pattern))")
            } else {
                conditions.append("(id = \(text) or order_id = \(text))")
            }
        }
        let rows = try await selectRows("where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit())", on: connection)
        let next = try query.page(rows.map(\.row)) { $0 }.next
        return (rows.prefix(query.limit).map(\.note), next)
    }

    static func open(lockedOldestFirst status: DispatchStatus, on connection: PostgresConnection) async throws -> [DispatchNote] {
        try await select("where status = \(status.rawValue) order by created_at, id for update", on: connection)
    }

    static func openNotes(on connection: PostgresConnection) async throws -> [DispatchNote] {
        try await select(
            "where kind <> 'return' and status in ('backordered', 'issued', 'picked', 'handed_over') order by ship_by, created_at, id",
            on: connection)
    }

    static func insert(
        _ note: DispatchNote, detail: String = "shipment requested", by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into dispatch_notes (id, order_id, customer_id, customer_name, delivery_address, ship_by, status,
                created_by, created_role, created_at, updated_by, updated_role, updated_at, kind, return_id)
            values (\(note.id), \(note.orderId), \(note.customerId), \(note.customerName), \(note.deliveryAddress), \(note.shipBy),
                \(note.status.rawValue), \(actor.subject), \(actor.role), \(now), \(actor.subject), \(actor.role), \(now),
                \(note.kind.rawValue), \(note.returnId))
            """)
        for line in note.lines {
            try await connection.query(
                "insert into dispatch_note_lines (dispatch_note_id, sku, quantity) values (\(note.id), \(line.sku), \(line.quantity))")
        }
        try await history(note.id, from: nil, to: note.status, detail: detail, by: actor, at: now, on: connection)
    }

    static func move(
        _ note: DispatchNote, to status: DispatchStatus, detail: String? = nil, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            update dispatch_notes set status = \(status.rawValue), updated_by = \(actor.subject), updated_role = \(actor.role),
                updated_at = \(now)
            where id = \(note.id)
            """)
        try await history(note.id, from: note.status, to: status, detail: detail, by: actor, at: now, on: connection)
    }

    /// When the note's goods left through the gate; nil before.
    static func dispatchedAt(noteId: String, on connection: PostgresConnection) async throws -> Date? {
        try await connection.query("select dispatched_at from dispatch_notes where id = \(noteId)").first?.optionalDate("dispatched_at")
    }

    /// The goods left through the gate now.
    static func recordDispatch(noteId: String, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query("update dispatch_notes set dispatched_at = \(now) where id = \(noteId)")
    }

    /// A history row that keeps the status: a hold put on or lifted, a hand-over undone.
    static func note(_ note: DispatchNote, _ detail: String, by actor: Author, at now: Date, on connection: PostgresConnection) async throws
    {
        try await history(note.id, from: note.status, to: note.status, detail: detail, by: actor, at: now, on: connection)
    }

    private static func history(
        _ id: String, from: DispatchStatus?, to: DispatchStatus, detail: String?, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into dispatch_note_history (dispatch_note_id, from_status, to_status, detail, changed_by, changed_role, changed_at)
            values (\(id), \(from?.rawValue), \(to.rawValue), \(detail), \(actor.subject), \(actor.role), \(now))
            """)
    }

    private static func forUpdate(_ lock: Bool) -> SQL { lock ? " for update" : "" }

    /// The notes the `where …` / `order by …` clause picks, each with its lines, its carrier and the hold on it.
    private static func select(_ clause: SQL, on connection: PostgresConnection) async throws -> [DispatchNote] {
        try await selectRows(clause, on: connection).map(\.note)
    }

    /// `select`'s notes with the rows they were read from (which carry `list_cursor`); the lines of all the
    /// notes are read in one statement.
    private static func selectRows(
        _ clause: SQL, on connection: PostgresConnection
    ) async throws -> [(note: DispatchNote, row: PostgresRow)] {
        let rows = try await connection.query(
            """
            select id, kind, return_id, order_id, customer_id, customer_name, delivery_address, ship_by, status,
                \(ListQuery.cursorColumn()),
                (select carrier from waybills w where w.dispatch_note_id = dispatch_notes.id) as carrier,
                (select h.request_id from dispatch_holds h
                 where h.order_id = dispatch_notes.order_id and h.released_at is null and dispatch_notes.kind = 'sale'
                 order by h.held_at, h.request_id limit 1) as held_for
            from dispatch_notes \(clause)
            """
        ).rows
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.string("id") }
        var linesOf: [String: [DispatchNote.Line]] = [:]
        for line in try await connection.query(
            """
            select dispatch_note_id, sku, quantity, picked_quantity, counted_quantity from dispatch_note_lines
            where dispatch_note_id = any(\(ids)) order by dispatch_note_id, sku
            """
        ).rows {
            linesOf[try line.string("dispatch_note_id"), default: []].append(
                DispatchNote.Line(
                    sku: try line.string("sku"), quantity: try line.int("quantity"),
                    pickedQuantity: try line.optionalInt("picked_quantity"),
                    countedQuantity: try line.optionalInt("counted_quantity")))
        }
        var notes: [(note: DispatchNote, row: PostgresRow)] = []
        for row in rows {
            let id = try row.string("id")
            let lines = linesOf[id] ?? []
            guard let status = DispatchStatus(rawValue: try row.string("status")), let kind = NoteKind(rawValue: try row.string("kind"))
            else { continue }
            notes.append(
                (
                    DispatchNote(
                        id: id, kind: kind, returnId: row.optionalString("return_id"), orderId: try row.string("order_id"),
                        customerId: try row.string("customer_id"),
                        customerName: try row.string("customer_name"), deliveryAddress: try row.string("delivery_address"),
                        shipBy: try row.date("ship_by"), status: status, lines: lines, carrier: row.optionalString("carrier"),
                        heldFor: row.optionalString("held_for")), row
                ))
        }
        return notes
    }
}
