import Foundation
import O2CContracts
import O2CPostgres

/// The approved order amendments the warehouse applied, once each, with what they did to the note.
enum OrderAmendmentStore {
    static func isApplied(_ amendmentId: String, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("select 1 from order_amendments where amendment_id = \(amendmentId)").first != nil
    }

    static func record(
        amendmentId: String, orderId: String, noteId: String?, outcome: String, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into order_amendments (amendment_id, order_id, dispatch_note_id, outcome, recorded_by, recorded_role, recorded_at)
            values (\(amendmentId), \(orderId), \(noteId), \(outcome), \(actor.subject), \(actor.role), \(now))
            """)
    }
}
