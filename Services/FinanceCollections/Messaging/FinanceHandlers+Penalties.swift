import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

extension FinanceHandlers {
    /// A requested cancellation's penalty (DOMAIN.md "Order amendments": finance computes any penalty): from the
    /// contract's term and the order total the request carries and what finance holds, the deposit paid so far
    /// (`CancellationPenalty`); kept in `cancellation_penalties` and answered as `finance.cancellation_penalty_computed.v1`.
    /// A repeated request answers the figures computed the first time. The refund itself (`depositRefundRequested`)
    /// keeps at most what was paid when it is made.
    static func cancellationRequested(_ event: CancellationRequested, _ context: MessageContext) async throws {
        let connection = context.connection
        try await InvoiceStore.lockCustomer(event.customerId, on: connection)
        if let computed = try await CancellationPenaltyStore.computed(forRequest: event.requestId, on: connection) {
            try await context.outbox.enqueue([try penaltyComputed(event, computed, context)], on: connection)
            return
        }
        let deposit = try await InvoiceStore.deposit(ofOrder: event.orderId, on: connection)
        let paid = try await AllocationStore.paid(on: deposit, on: connection)
        let penalty: CancellationPenalty
        do throws(RuleViolation) {
            penalty = try CancellationPenalty(
                orderTotal: event.orderTotal, basisPoints: event.cancellationPenaltyBasisPoints, depositPaid: paid)
        } catch {
            throw RuleViolation.validation(
                error.field ?? "orderTotal", "cancellation request \(event.requestId) of order \(event.orderId) refused: \(error)")
        }
        let computed = CancellationPenaltyStore.Computed(
            penalty: penalty.penalty, basisPoints: penalty.basisPoints, orderTotal: penalty.orderTotal, contractual: penalty.contractual,
            depositPaid: paid, computedAt: context.now)
        try await CancellationPenaltyStore.insert(
            computed, requestId: event.requestId, orderId: event.orderId, customerId: event.customerId, by: .system, on: connection)
        context.logger.info(
            "cancellation penalty computed",
            metadata: ["order.id": "\(event.orderId)", "request.id": "\(event.requestId)", "penalty": "\(penalty.penalty)"])
        try await context.outbox.enqueue([try penaltyComputed(event, computed, context)], on: connection)
    }

    private static func penaltyComputed(
        _ event: CancellationRequested, _ computed: CancellationPenaltyStore.Computed, _ context: MessageContext
    ) throws -> OutgoingMessage {
        try message(
            CancellationPenaltyComputed(
                orderId: event.orderId, customerId: event.customerId, requestId: event.requestId, penalty: computed.penalty,
                cancellationPenaltyBasisPoints: computed.basisPoints, orderTotal: computed.orderTotal,
                contractualPenalty: computed.contractual, depositPaid: computed.depositPaid, computedAt: computed.computedAt),
            orderId: event.orderId, customerId: event.customerId, context)
    }
}
