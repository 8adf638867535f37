import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// The answers a change request in `applying` waits for (`ChangeRequestFlow`, `OrderAmendmentApplier`): the
/// warehouse's hold of the dispatch note (`warehouse.dispatch_held.v1`) or its refusal because the goods left
/// (`warehouse.dispatch_hold_refused.v1`), and credit's answer to a higher total (`credit.amendment_reserved.v1`,
/// `credit.amendment_refused.v1`). An answer that does not fit the request's state (heard twice, or for a request
/// that ended) changes nothing.
struct ChangeRequestHandlers {
    var host: OrderSagaHost

    var all: [MessageHandler] {
        let applier = OrderAmendmentApplier(host: host)
        return [
            Self.on(DispatchHeld.self, \.requestId) { _, request, context in
                try await applier.held(&request, at: context.now, on: context.connection)
            },
            Self.on(DispatchHoldRefused.self, \.requestId) { refused, request, context in
                try await applier.holdRefused(&request, code: refused.code, reason: refused.reason, at: context.now, on: context.connection)
            },
            Self.on(AmendmentCreditReserved.self, \.amendmentId) { _, request, context in
                try await applier.credited(&request, at: context.now, on: context.connection)
            },
            Self.on(AmendmentCreditRefused.self, \.amendmentId) { refused, request, context in
                try await applier.creditRefused(&request, code: refused.code, reason: refused.reason, at: context.now, on: context.connection)
            },
        ]
    }

    /// The handler of one answer: the request it names, locked (an unknown one is ignored), taken by `step`.
    private static func on<E: EventContract>(
        _ type: E.Type, _ requestId: KeyPath<E, String> & Sendable,
        _ step: @escaping @Sendable (E, inout OrderRequest, MessageContext) async throws -> Void
    ) -> MessageHandler {
        .on(type) { answer, context in
            guard var request = try await OrderRequest.find(answer[keyPath: requestId], on: context.connection) else { return }
            try await step(answer, &request, context)
            log(request, context)
        }
    }

    private static func log(_ request: OrderRequest, _ context: MessageContext) {
        context.logger.info(
            "change request \(request.status.rawValue)",
            metadata: ["order.id": "\(request.orderId)", "request.id": "\(request.id)", "code": "\(request.flow.rejection?.code ?? "")"])
    }
}
