import Foundation
import O2CContracts
import O2CPostgres

/// The `customer_contacts` table.
enum CustomerContactStore {
    static func insert(_ contact: CustomerContact, role: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into customer_contacts (id, order_id, kind, contact, note, created_by, created_role, created_at)
            values (\(contact.id), \(contact.orderId), \(contact.kind.rawValue), \(contact.contact), \(contact.note), \(contact.recordedBy),
                    \(role), \(contact.recordedAt))
            """)
    }
}
