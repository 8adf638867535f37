import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// A requested cancellation's penalty (DOMAIN.md "Order amendments": finance computes any penalty): from the
/// contract's term and the order total the request carries and what finance holds, the deposit paid so far
/// (`CancellationPenalty`); kept in `cancellation_penalties` and answered as `finance.cancellation_penalty_computed.v1`.
/// A repeated request answers the figures computed the first time. The refund itself (`DepositRefunds`) keeps
/// at most what was paid when it is made.
enum CancellationPenalties {
    static func handle(_ event: CancellationRequested, _ context: MessageContext) async throws {
        let connection = context.connection
        try await InvoiceStore.lockCustomer(event.customerId, on: connection)
        if let row = try await connection.query(
            """
            select penalty_bp, order_total, contractual, deposit_paid, penalty, computed_at from cancellation_penalties
            where request_id = $1
            """, [event.requestId]).first {
            try await publish(
                event, penalty: Money(minorUnits: try row.int64("penalty")), basisPoints: try row.int("penalty_bp"),
                orderTotal: Money(minorUnits: try row.int64("order_total")), contractual: Money(minorUnits: try row.int64("contractual")),
                depositPaid: Money(minorUnits: try row.int64("deposit_paid")), at: try row.date("computed_at"), context)
            return
        }
        let deposit = try await InvoiceStore.deposit(ofOrder: event.orderId, on: connection)
        let paid = try await DepositRefunds.paidOn(deposit, on: connection)
        let computed: CancellationPenalty
        do {
            computed = try CancellationPenalty(
                orderTotal: event.orderTotal, basisPoints: event.cancellationPenaltyBasisPoints, depositPaid: paid)
        } catch {
            throw MessagingError.undecodable("cancellation request \(event.requestId) of order \(event.orderId) refused: \(error)")
        }
        try await connection.query(
            """
            insert into cancellation_penalties (request_id, order_id, customer_id, penalty_bp, order_total, contractual, deposit_paid,
                                                penalty, computed_by, computed_role, computed_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """,
            [event.requestId, event.orderId, event.customerId, computed.basisPoints, computed.orderTotal.minorUnits,
             computed.contractual.minorUnits, paid.minorUnits, computed.penalty.minorUnits, Author.system.subject, Author.system.role,
             context.now])
        context.logger.info(
            "cancellation penalty computed",
            metadata: ["order.id": "\(event.orderId)", "request.id": "\(event.requestId)", "penalty": "\(computed.penalty)"])
        try await publish(
            event, penalty: computed.penalty, basisPoints: computed.basisPoints, orderTotal: computed.orderTotal,
            contractual: computed.contractual, depositPaid: paid, at: context.now, context)
    }

    private static func publish(
        _ event: CancellationRequested, penalty: Money, basisPoints: Int, orderTotal: Money, contractual: Money, depositPaid: Money,
        at computedAt: Date, _ context: MessageContext
    ) async throws {
        try await FinanceOutbox(context).publish(
            CancellationPenaltyComputed(
                orderId: event.orderId, customerId: event.customerId, requestId: event.requestId, penalty: penalty,
                cancellationPenaltyBasisPoints: basisPoints, orderTotal: orderTotal, contractualPenalty: contractual,
                depositPaid: depositPaid, computedAt: computedAt),
            orderId: event.orderId, customerId: event.customerId)
    }
}
