import O2CContracts
import O2CMessaging
import O2CRuntime

/// Every message the orders service consumes: the saga host's (credit, finance and warehouse events for the
/// order-to-cash saga), the answers a change request waits for, and finance's cancellation penalty.
enum OrdersHandlers {
    /// What one handler does with its event, in the transaction that consumes it.
    typealias Handler<E> = @Sendable (E, MessageContext) async throws -> Void

    static func all(_ environment: ServiceEnvironment) -> [MessageHandler] {
        let host = OrderSagaHost(environment: environment)
        return host.handlers + [
            .on(DispatchHeld.self, dispatchHeld(host)),
            .on(DispatchHoldRefused.self, dispatchHoldRefused(host)),
            .on(AmendmentCreditReserved.self, amendmentCreditReserved(host)),
            .on(AmendmentCreditRefused.self, amendmentCreditRefused(host)),
            .on(CancellationPenaltyComputed.self, cancellationPenaltyComputed),
        ]
    }
}
