import Foundation
import O2CContracts
import O2CPostgres

/// The lines of a note as picking, a return count and an amendment change them.
extension DispatchNoteStore {
    /// Who picked and counted the note's goods (the two counters of a container load), as the pick recorded them;
    /// empty before picking.
    static func pickedBy(noteId: String, on connection: PostgresConnection) async throws -> [String] {
        guard
            let row = try await connection.query(
                "select array_to_json(picked_by)::text as picked_by from dispatch_notes where id = \(noteId)"
            ).first,
            let text = row.optionalString("picked_by")
        else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// Writes the picked quantities onto the note (a substitute becomes a line with nothing ordered) and who
    /// picked under which discrepancy approval.
    static func recordPick(
        _ picked: PickList, of note: DispatchNote, approvalId: Int?, pickedBy: [String], on connection: PostgresConnection
    ) async throws {
        for sku in Set(note.ordered.skus).union(picked.skus).sorted() {
            try await connection.query(
                """
                insert into dispatch_note_lines (dispatch_note_id, sku, quantity, picked_quantity)
                values (\(note.id), \(sku), 0, \(picked[sku]))
                on conflict (dispatch_note_id, sku) do update set picked_quantity = excluded.picked_quantity
                """)
        }
        try await connection.query(
            "update dispatch_notes set picked_by = \(pickedBy), discrepancy_approval_id = \(approvalId) where id = \(note.id)")
    }

    /// Writes a return count onto the note's lines (an sku not on the note becomes a line with nothing listed;
    /// such a line of an earlier count goes first).
    static func recordCount(_ counted: PickList, of note: DispatchNote, on connection: PostgresConnection) async throws {
        try await connection.query("delete from dispatch_note_lines where dispatch_note_id = \(note.id) and quantity = 0")
        for sku in Set(note.ordered.skus).union(counted.skus).sorted() {
            try await connection.query(
                """
                insert into dispatch_note_lines (dispatch_note_id, sku, quantity, counted_quantity)
                values (\(note.id), \(sku), 0, \(counted[sku]))
                on conflict (dispatch_note_id, sku) do update set counted_quantity = excluded.counted_quantity
                """)
        }
    }

    /// The note's lines become `lines` and any pick is undone (picked by, the approval it used).
    static func replaceLines(of noteId: String, with lines: PickList, on connection: PostgresConnection) async throws {
        try await connection.query("delete from dispatch_note_lines where dispatch_note_id = \(noteId)")
        for line in lines.sortedLines {
            try await connection.query(
                "insert into dispatch_note_lines (dispatch_note_id, sku, quantity) values (\(noteId), \(line.sku), \(line.quantity))")
        }
        try await connection.query("update dispatch_notes set picked_by = null, discrepancy_approval_id = null where id = \(noteId)")
    }
}
