import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// A cancellation's penalty is finance's to compute (DOMAIN.md "Order amendments"; CONTRACT.md "Changes to an
/// order"): when the request is made, `orders.cancellation_requested.v1` carries the contract's
/// `cancellationPenaltyPercent` (0 for a phone or fax order) and the order total to finance; its answer,
/// `finance.cancellation_penalty_computed.v1`, is recorded on the request (`details.penalty` and the basis), where
/// the approvers see it; the last approval waits for it (`OrderRequest.requirePenalty`). An answer for a request
/// that is no longer pending (rejected meanwhile) or unknown changes nothing.
struct CancellationPenaltyHandlers {
    var host: OrderSagaHost

    /// Asks finance for the penalty of a new cancellation request, in the request's transaction.
    func ask(for request: OrderRequest, of order: OrderRecord, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        var term = PenaltyPercent.zero
        if let contractId = order.contractId,
           let row = try await connection.query("select cancellation_penalty_bp from contracts where id = $1", [contractId]).first {
            term = PenaltyPercent(uncheckedBasisPoints: try row.int("cancellation_penalty_bp"))
        }
        let asked = CancellationRequested(
            orderId: order.id, customerId: order.customerId, requestId: request.id, orderTotal: order.total,
            cancellationPenaltyBasisPoints: term.basisPoints, requestedBy: actor.subject, requestedAt: now)
        try await Outbox(schema: host.schema).enqueue([try OutgoingMessage.event(asked, correlationID: order.id, causationID: nil)], on: connection)
    }

    var all: [MessageHandler] {
        [
            .on(CancellationPenaltyComputed.self) { computed, context in
                let connection = context.connection
                guard var request = try await OrderRequest.find(computed.requestId, on: connection) else {
                    context.logger.notice("penalty for an unknown change request ignored", metadata: ["request.id": "\(computed.requestId)"])
                    return
                }
                guard request.kind == .cancel, request.orderId == computed.orderId, request.status == .pendingApproval else {
                    context.logger.notice(
                        "penalty for a request no longer pending ignored",
                        metadata: ["request.id": "\(request.id)", "request.status": "\(request.status.rawValue)"])
                    return
                }
                guard computed.penalty >= .zero, computed.penalty <= computed.depositPaid, computed.contractualPenalty >= .zero,
                      computed.contractualPenalty <= computed.orderTotal, (0...10_000).contains(computed.cancellationPenaltyBasisPoints)
                else {
                    throw MessagingError.undecodable(
                        "penalty \(computed.penalty) (contractual \(computed.contractualPenalty)) for request \(computed.requestId) is not between 0.00 and the deposit paid \(computed.depositPaid) (the order total \(computed.orderTotal))")
                }
                try await request.recordPenalty(
                    .init(
                        amount: computed.penalty, computedBy: ServiceName.financeCollections.rawValue, computedAt: computed.computedAt,
                        cancellationPenaltyPercent: PenaltyPercent(uncheckedBasisPoints: computed.cancellationPenaltyBasisPoints),
                        orderTotal: computed.orderTotal, contractualPenalty: computed.contractualPenalty, depositPaid: computed.depositPaid),
                    on: connection)
                context.logger.info(
                    "cancellation penalty recorded", metadata: ["request.id": "\(request.id)", "penalty": "\(computed.penalty)"])
            },
        ]
    }
}
