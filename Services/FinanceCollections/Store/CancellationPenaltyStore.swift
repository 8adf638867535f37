import Foundation
import O2CContracts
import O2CPostgres

/// The penalties computed for requested cancellations (`cancellation_penalties`), one per request.
enum CancellationPenaltyStore {
    /// The figures computed for a request, as they were answered.
    struct Computed {
        var penalty: Money
        var basisPoints: Int
        var orderTotal: Money
        var contractual: Money
        var depositPaid: Money
        var computedAt: Date
    }

    static func computed(forRequest requestId: String, on connection: PostgresConnection) async throws -> Computed? {
        guard
            let row = try await connection.query(
                """
                select penalty_bp, order_total, contractual, deposit_paid, penalty, computed_at from cancellation_penalties
                where request_id = \(requestId)
                """
            ).first
        else { return nil }
        return Computed(
            penalty: Money(minorUnits: try row.int64("penalty")), basisPoints: try row.int("penalty_bp"),
            orderTotal: Money(minorUnits: try row.int64("order_total")), contractual: Money(minorUnits: try row.int64("contractual")),
            depositPaid: Money(minorUnits: try row.int64("deposit_paid")), computedAt: try row.date("computed_at"))
    }

    static func insert(
        _ computed: Computed, requestId: String, orderId: String, customerId: String, by actor: Author, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into cancellation_penalties (request_id, order_id, customer_id, penalty_bp, order_total, contractual, deposit_paid,
                                                penalty, computed_by, computed_role, computed_at)
            values (\(requestId), \(orderId), \(customerId), \(computed.basisPoints), \(computed.orderTotal.minorUnits),
                    \(computed.contractual.minorUnits), \(computed.depositPaid.minorUnits), \(computed.penalty.minorUnits), \(actor.subject),
                    \(actor.role), \(computed.computedAt))
            """)
    }
}
