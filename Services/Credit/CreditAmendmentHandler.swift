import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// An approved line-item or price amendment changes what the order reserves (DOMAIN.md "Order
/// amendments"; "Credit": exposure = open reserved orders + unpaid invoices). The amendment was approved
/// by people before it reached credit, so it is applied, not decided again; each one is kept with the
/// amount before and after.
///
/// An amendment that arrives before the order's reservation request (the broker may reorder) is kept
/// as not applied; `amendedAmount` then gives the reservation its amended total.
enum CreditAmendmentHandler {
    static var handler: MessageHandler {
        .on(OrderAmended.self) { amended, context in
            let store = CreditStore(connection: context.connection)
            _ = try await store.profile(amended.customerId, lock: true)
            let reservation = try await store.reservation(amended.orderId, lock: true)
            let applies = reservation?.status == .reserved
            let recorded = try await context.connection.query(
                """
                insert into credit_reservation_adjustments (amendment_id, order_id, customer_id, previous_amount, amount, applied,
                                                            created_by, created_role, created_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                on conflict (amendment_id) do nothing
                """,
                [amended.amendmentId, amended.orderId, amended.customerId, reservation?.amount.minorUnits, amended.total.minorUnits,
                 applies, Actor.system.subject, Actor.system.role, context.now])
            guard recorded.affectedRows == 1, applies else { return }
            try await context.connection.query(
                """
                update credit_reservations set amount = $2, updated_by = $3, updated_role = $4, updated_at = $5
                where order_id = $1 and status = 'reserved'
                """, [amended.orderId, amended.total.minorUnits, Actor.system.subject, Actor.system.role, context.now])
            context.logger.info(
                "reservation adjusted by amendment",
                metadata: ["order.id": "\(amended.orderId)", "amendment.id": "\(amended.amendmentId)", "amount": "\(amended.total)"])
        }
    }

    /// The total of the order's latest amendment that arrived before its reservation, if any.
    static func amendedAmount(of orderId: String, on connection: PostgresConnection) async throws -> Money? {
        let result = try await connection.query(
            "select amount from credit_reservation_adjustments where order_id = $1 order by created_at desc, amendment_id desc limit 1",
            [orderId])
        return try result.first.map { Money(minorUnits: try $0.int64("amount")) }
    }
}
