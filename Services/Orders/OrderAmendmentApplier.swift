import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import O2CSaga

/// Makes an approved change request take effect (DOMAIN.md "Order amendments"): a cancellation
/// goes to the saga (release credit and stock, refund the deposit less the penalty); a new buyer
/// name or payment method is written to the order. A line item or price change is recorded as
/// approved but does not re-price the running saga (a known gap: the saga's facts are fixed at signing).
struct OrderAmendmentApplier {
    var host: OrderSagaHost

    /// Whether the goods have left (after dispatch only returns apply); a finished order takes no change.
    func isDispatched(_ order: OrderRecord, on connection: PostgresConnection) async throws -> Bool {
        guard order.status == "in_progress" || order.status == "awaiting_confirmation" else {
            throw Problem.invalidState("order \(order.id) is \(order.status); it can no longer be changed")
        }
        guard let saga = try await host.sagaView(orderId: order.id, on: connection) else { return false }
        if saga.finished { throw Problem.invalidState("order \(order.id) is \(saga.state); it can no longer be changed") }
        return saga.steps.contains { $0.name == "dispatched" && $0.status == .done }
    }

    func apply(_ request: OrderRequest, approvedBy actor: Actor, at now: Date, on connection: PostgresConnection) async throws {
        var order = try await OrderRecord.load(request.orderId, lock: true, on: connection)
        if try await isDispatched(order, on: connection) {
            throw Problem.invalidState("order \(order.id) has been dispatched; only a return applies now")
        }
        switch request.kind {
        case .cancel:
            let reason = request.details.reason ?? "cancelled on request \(request.id)"
            if order.status == "awaiting_confirmation" {
                // Never confirmed: no saga, nothing reserved; the order simply ends.
                order.status = "cancelled"
                try await order.update(by: actor, at: now, on: connection)
            } else {
                try await host.approveCancellation(
                    orderId: order.id, reason: reason, penalty: request.details.penalty ?? .zero, approvedBy: actor, on: connection,
                    at: now)
            }
        case .buyerName:
            order.buyerName = request.details.buyerName ?? order.buyerName
            try await order.update(by: actor, at: now, on: connection)
        case .paymentMethod:
            order.paymentMethod = request.details.paymentMethod ?? order.paymentMethod
            try await order.update(by: actor, at: now, on: connection)
        case .lineItem, .price:
            break
        }
    }
}
