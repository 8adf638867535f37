import Foundation
import O2CContracts
import O2CPostgres

/// Tombstones of orders cancelled before their shipment request arrived (the broker may reorder): a late
/// request for one makes no note.
enum CancelledOrderStore {
    static func contains(orderId: String, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("select 1 from cancelled_orders where order_id = \(orderId)").first != nil
    }

    /// Remembers the cancellation (once per order) and the message that brought it.
    static func remember(orderId: String, messageId: String, by actor: Author, at now: Date, on connection: PostgresConnection) async throws
    {
        try await connection.query(
            """
            insert into cancelled_orders (order_id, message_id, recorded_by, recorded_role, recorded_at)
            values (\(orderId), \(messageId), \(actor.subject), \(actor.role), \(now)) on conflict (order_id) do nothing
            """)
    }
}
