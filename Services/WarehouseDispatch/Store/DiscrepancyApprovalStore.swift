import Foundation
import O2CContracts
import O2CPostgres

/// A sales_manager's discrepancy approvals (DOMAIN.md "Dispatch" 2–3): what a pick may differ to, or which
/// lines of a differing return count are received. The latest one not superseded is the one in force.
enum DiscrepancyApprovalStore {
    /// One line as `lines_json` keeps it.
    private struct Line: Codable {
        var sku: String
        var quantity: Int
    }

    /// Keeps an approval of `lines`; returns its id.
    static func insert(
        noteId: String, lines: PickList, reason: String, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws -> Int {
        let json = String(
            decoding: try JSONEncoder().encode(lines.sortedLines.map { Line(sku: $0.sku, quantity: $0.quantity) }), as: UTF8.self)
        let row = try await connection.query(
            """
            insert into discrepancy_approvals (dispatch_note_id, lines_json, reason, approved_by, approved_role, approved_at)
            values (\(noteId), \(json), \(reason), \(actor.subject), \(actor.role), \(now)) returning id
            """
        ).first
        guard let row else { throw PostgresError(code: .decodingFailed, message: "insert … returning id gave no row") }
        return try row.int("id")
    }

    /// The approval in force for the note's pick, if any.
    static func latest(noteId: String, on connection: PostgresConnection) async throws -> (id: Int, lines: PickList)? {
        guard
            let row = try await connection.query(
                """
                select id, lines_json from discrepancy_approvals where dispatch_note_id = \(noteId) and superseded_at is null
                order by id desc limit 1
                """
            ).first
        else { return nil }
        let lines = try JSONDecoder().decode([Line].self, from: Data(try row.string("lines_json").utf8))
        return (try row.int("id"), try PickList(lines.map { ($0.sku, $0.quantity) }))
    }

    /// The note's lines changed (an amendment): no earlier approval applies to them.
    static func supersedeAll(noteId: String, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            "update discrepancy_approvals set superseded_at = \(now) where dispatch_note_id = \(noteId) and superseded_at is null")
    }
}
