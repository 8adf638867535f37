import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// Gate passes (DOMAIN.md "Dispatch" 5): issued for a handed-over note, used once at the gate, voided when an
/// amendment undoes the hand-over they were issued for.
enum GatePassStore {
    struct GatePass: Sendable {
        var id: String
        var dispatchNoteId: String
        var used: Bool
        var voided: Bool
        var voidReason: String?
    }

    /// The pass; `lock` takes its row lock for the release.
    static func find(id: String, lock: Bool = false, on connection: PostgresConnection) async throws -> GatePass? {
        let sql: SQL = "select dispatch_note_id, used_at, voided_at, void_reason from gate_passes where id = \(id)"
        guard let row = try await connection.query(sql + (lock ? " for update" : "")).first else { return nil }
        return GatePass(
            id: id, dispatchNoteId: try row.string("dispatch_note_id"), used: row["used_at"] != nil, voided: row["voided_at"] != nil,
            voidReason: row["void_reason"])
    }

    /// A page of passes, newest issued first: `dispatchNoteId`, `status` (`open`: neither used nor void, `used`,
    /// `void`), `from`/`to` on the issue time, `q` a pass or note id.
    static func list(_ query: ListQuery, on connection: PostgresConnection) async throws -> (items: [GatePass], next: ListCursor?) {
        var conditions = query.conditions(time: "issued_at")
        if let noteId = query.filters["dispatchNoteId"] { conditions.append("dispatch_note_id = \(noteId)") }
        switch query.filters["state"] {
        case "open": conditions.append("used_at is null and voided_at is null")
        case "used": conditions.append("used_at is not null")
        case "void": conditions.append("voided_at is not null")
        default: break
        }
        if let text = query.text { conditions.append("(id = \(text) or dispatch_note_id = \(text))") }
        let rows = try await connection.query(
            """
            select id, dispatch_note_id, used_at, voided_at, void_reason, \(ListQuery.cursorColumn(time: "issued_at")) from gate_passes
            where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit(time: "issued_at"))
            """
        ).rows
        return try query.page(rows) { row in
            GatePass(
                id: try row.string("id"), dispatchNoteId: try row.string("dispatch_note_id"), used: row["used_at"] != nil,
                voided: row["voided_at"] != nil, voidReason: row["void_reason"])
        }
    }

    /// The note's pass that is neither used nor void, if one was issued.
    static func usable(forNote noteId: String, on connection: PostgresConnection) async throws -> String? {
        try await connection.query(
            "select id from gate_passes where dispatch_note_id = \(noteId) and used_at is null and voided_at is null"
        )
        .first.map { try $0.string("id") }
    }

    /// Issues a new pass for the note; returns its id.
    static func issue(forNote noteId: String, by actor: Author, at now: Date, on connection: PostgresConnection) async throws -> String {
        let passId = "GP-" + UUID().uuidString.lowercased()
        try await connection.query(
            """
            insert into gate_passes (id, dispatch_note_id, issued_by, issued_role, issued_at)
            values (\(passId), \(noteId), \(actor.subject), \(actor.role), \(now))
            """)
        return passId
    }

    /// The goods left against the pass.
    static func markUsed(id: String, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            "update gate_passes set used_at = \(now), used_by = \(actor.subject), used_role = \(actor.role) where id = \(id)")
    }

    /// Voids the note's unused pass (its hand-over was undone).
    static func voidUnused(forNote noteId: String, reason: String, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update gate_passes set voided_at = \(now), void_reason = \(reason)
            where dispatch_note_id = \(noteId) and used_at is null and voided_at is null
            """)
    }
}
