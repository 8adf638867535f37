import Foundation
import Logging
import O2CContracts
import O2CMessaging

/// The answers a change request in `applying` waits for (`ChangeRequestFlow`, `OrderAmendmentApplier`): the
/// warehouse's hold of the dispatch note (`warehouse.dispatch_held.v1`) or its refusal because the goods left
/// (`warehouse.dispatch_hold_refused.v1`), and credit's answer to a higher total (`credit.amendment_reserved.v1`,
/// `credit.amendment_refused.v1`). An answer that does not fit the request's state (heard twice, or for a request
/// that ended) changes nothing.
extension OrdersHandlers {
    /// warehouse-dispatch holds the note: the change applies (or waits for credit).
    static func dispatchHeld(_ host: OrderSagaHost) -> Handler<DispatchHeld> {
        changeRequestAnswer(\.requestId, host) { _, request, applier, context in
            try await applier.held(&request, at: context.now, on: context.connection)
        }
    }

    /// The goods left before the hold: the request is rejected with the warehouse's code.
    static func dispatchHoldRefused(_ host: OrderSagaHost) -> Handler<DispatchHoldRefused> {
        changeRequestAnswer(\.requestId, host) { refused, request, applier, context in
            try await applier.holdRefused(&request, code: refused.code, reason: refused.reason, at: context.now, on: context.connection)
        }
    }

    /// Credit took the higher total.
    static func amendmentCreditReserved(_ host: OrderSagaHost) -> Handler<AmendmentCreditReserved> {
        changeRequestAnswer(\.amendmentId, host) { _, request, applier, context in
            try await applier.credited(&request, at: context.now, on: context.connection)
        }
    }

    /// Credit refused the higher total.
    static func amendmentCreditRefused(_ host: OrderSagaHost) -> Handler<AmendmentCreditRefused> {
        changeRequestAnswer(\.amendmentId, host) { refused, request, applier, context in
            try await applier.creditRefused(&request, code: refused.code, reason: refused.reason, at: context.now, on: context.connection)
        }
    }

    /// The handler of one answer: the request it names, locked (an unknown one is ignored), taken by `step`.
    private static func changeRequestAnswer<E: EventContract>(
        _ requestId: any KeyPath<E, String> & Sendable, _ host: OrderSagaHost,
        _ step: @escaping @Sendable (E, inout OrderRequest, OrderAmendmentApplier, MessageContext) async throws -> Void
    ) -> Handler<E> {
        { answer, context in
            guard var request = try await OrderRequestStore.find(answer[keyPath: requestId], on: context.connection) else { return }
            let applier = OrderAmendmentApplier(host: host, outbox: context.outbox, logger: context.logger)
            try await step(answer, &request, applier, context)
            context.logger.info(
                "change request \(request.status.rawValue)",
                metadata: [
                    "order.id": "\(request.orderId)", "request.id": "\(request.id)", "code": "\(request.flow.rejection?.code ?? "")",
                ])
        }
    }
}
