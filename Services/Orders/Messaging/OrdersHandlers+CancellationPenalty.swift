import Foundation
import Logging
import O2CContracts
import O2CMessaging

/// A cancellation's penalty is finance's to compute (DOMAIN.md "Order amendments"; CONTRACT.md "Changes to an
/// order"): when the request is made, `orders.cancellation_requested.v1` carries the contract's
/// `cancellationPenaltyPercent` (0 for a phone or fax order) and the order total to finance
/// (`OrderRequestRoutes.create`); its answer, `finance.cancellation_penalty_computed.v1`, is recorded on the request
/// (`details.penalty` and the basis), where the approvers see it; the last approval waits for it
/// (`OrderRequestRoutes.requirePenalty`). An answer for a request that is no longer pending (rejected meanwhile) or
/// unknown changes nothing.
extension OrdersHandlers {
    @Sendable static func cancellationPenaltyComputed(_ computed: CancellationPenaltyComputed, _ context: MessageContext) async throws {
        let connection = context.connection
        guard var request = try await OrderRequestStore.find(computed.requestId, on: connection) else {
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
            throw RuleViolation.validation(
                "penalty",
                "penalty \(computed.penalty) (contractual \(computed.contractualPenalty)) for request \(computed.requestId) is not between 0.00 and the deposit paid \(computed.depositPaid) (the order total \(computed.orderTotal))"
            )
        }
        request.record(
            .init(
                amount: computed.penalty, computedBy: ServiceName.financeCollections.rawValue, computedAt: computed.computedAt,
                cancellationPenaltyPercent: PenaltyPercent(uncheckedBasisPoints: computed.cancellationPenaltyBasisPoints),
                orderTotal: computed.orderTotal, contractualPenalty: computed.contractualPenalty, depositPaid: computed.depositPaid))
        try await OrderRequestStore.updatePenalty(request, on: connection)
        context.logger.info("cancellation penalty recorded", metadata: ["request.id": "\(request.id)", "penalty": "\(computed.penalty)"])
    }
}
