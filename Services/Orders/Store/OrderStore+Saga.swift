import Foundation
import O2CPostgres

/// What the order saga's host reads and writes of the order's row while it carries out the saga's commands.
extension OrderStore {
    /// Who made the order (separation of duties for credit overrides): the creators of its quote, its
    /// contract and the order row itself (the signer, or who took a phone or fax order), each once.
    static func authors(of orderId: String, on connection: PostgresConnection) async throws -> [String] {
        let row = try await connection.query(
            """
            select q.created_by as quote_by, k.created_by as contract_by, o.created_by as order_by
            from orders o left join contracts k on k.id = o.contract_id left join quotes q on q.id = k.quote_id
            where o.id = \(orderId)
            """
        ).rows.first
        var authors: [String] = []
        for column in ["quote_by", "contract_by", "order_by"] {
            if let author = row?[column], !authors.contains(author) { authors.append(author) }
        }
        return authors
    }

    /// The order's status when its saga ends.
    static func setStatus(_ status: OrderStatus, of orderId: String, on connection: PostgresConnection, at now: Date) async throws {
        try await connection.query("update orders set status = \(status.rawValue), status_changed_at = \(now) where id = \(orderId)")
    }
}
