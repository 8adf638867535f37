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
            .on(DispatchHeld.self) { held, context in
                guard var request = try await OrderRequest.find(held.requestId, on: context.connection) else { return }
                try await applier.held(&request, at: context.now, on: context.connection)
                Self.log(request, context)
            },
            .on(DispatchHoldRefused.self) { refused, context in
                guard var request = try await OrderRequest.find(refused.requestId, on: context.connection) else { return }
                try await applier.holdRefused(&request, code: refused.code, reason: refused.reason, at: context.now, on: context.connection)
                Self.log(request, context)
            },
            .on(AmendmentCreditReserved.self) { reserved, context in
                guard var request = try await OrderRequest.find(reserved.amendmentId, on: context.connection) else { return }
                try await applier.credited(&request, at: context.now, on: context.connection)
                Self.log(request, context)
            },
            .on(AmendmentCreditRefused.self) { refused, context in
                guard var request = try await OrderRequest.find(refused.amendmentId, on: context.connection) else { return }
                try await applier.creditRefused(&request, code: refused.code, reason: refused.reason, at: context.now, on: context.connection)
                Self.log(request, context)
            },
        ]
    }

    private static func log(_ request: OrderRequest, _ context: MessageContext) {
        context.logger.info(
            "change request \(request.status.rawValue)",
            metadata: ["order.id": "\(request.orderId)", "request.id": "\(request.id)", "code": "\(request.flow.rejection?.code ?? "")"])
    }
}
