import Foundation
import O2CContracts
import O2CPostgres

/// The customer's signed delivery confirmations (DOMAIN.md "Dispatch" 7).
enum DeliveryStore {
    static func record(
        noteId: String, signedBy: String, signedAt: Date, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into delivery_confirmations (dispatch_note_id, signed_by, signed_at, recorded_by, recorded_role, recorded_at)
            values (\(noteId), \(signedBy), \(signedAt), \(actor.subject), \(actor.role), \(now))
            """)
    }
}
