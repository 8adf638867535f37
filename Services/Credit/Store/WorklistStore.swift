import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// The statement of credit's worklist (`GET /v1/worklist`), served by `credit_reservations_refused`.
enum WorklistStore {
    struct Refused: Sendable {
        var orderId: String
        var amount: Money
        var refusalCode: String?
        var since: Date
        var orderAuthors: [String]
    }

    /// Orders whose credit was refused and not overridden, the oldest refusal first.
    static func refusedReservations(on connection: PostgresConnection) async throws -> [Refused] {
        try await connection.query(
            """
            select order_id, amount, refusal_code, updated_at, order_authors from credit_reservations
            where status = 'refused' order by created_at, order_id limit \(Worklist.limit * 5)
            """
        ).rows.map { row in
            Refused(
                orderId: try row.string("order_id"), amount: Money(minorUnits: try row.int64("amount")), refusalCode: row["refusal_code"],
                since: try row.date("updated_at"),
                orderAuthors: try JSONDecoder().decode([String].self, from: Data(try row.string("order_authors").utf8)))
        }
    }
}
