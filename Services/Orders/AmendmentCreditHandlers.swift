import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Credit's answer to an amendment that raises the total (`OrderAmendmentApplier`): granted, the change
/// request waiting in `applying` is applied (the order, its saga, `orders.order_amended.v1` to finance and
/// the warehouse) and ends `applied`; refused, it ends `rejected` with credit's code and reason and nothing
/// is re-priced. A request no longer `applying` (an answer heard twice) is left as it is.
struct AmendmentCreditHandlers {
    var host: OrderSagaHost

    var all: [MessageHandler] {
        let host = host
        return [
            .on(AmendmentCreditReserved.self) { reserved, context in
                guard var request = try await Self.waiting(reserved.amendmentId, on: context.connection) else { return }
                let approver = try await Self.approver(of: request.id, on: context.connection)
                try await OrderAmendmentApplier(host: host).applyCredited(&request, approvedBy: approver, at: context.now, on: context.connection)
                try await request.update(by: approver, at: context.now, on: context.connection)
            },
            .on(AmendmentCreditRefused.self) { refused, context in
                guard var request = try await Self.waiting(refused.amendmentId, on: context.connection) else { return }
                request.status = "rejected"
                request.rejection = .init(code: refused.code, reason: refused.reason)
                try await request.update(by: .system, at: context.now, on: context.connection)
                context.logger.info(
                    "amendment rejected by credit",
                    metadata: ["order.id": "\(refused.orderId)", "request.id": "\(request.id)", "code": "\(refused.code)"])
            },
        ]
    }

    /// The change request, locked, if it still waits for credit.
    private static func waiting(_ id: String, on connection: PostgresConnection) async throws -> OrderRequest? {
        let exists = try await connection.query("select 1 from order_requests where id = $1", [id])
        guard !exists.rows.isEmpty else { return nil }
        let request = try await OrderRequest.lock(id, on: connection)
        return request.status == "applying" ? request : nil
    }

    /// Who gave the last approval (the request was last written when it went to `applying`).
    private static func approver(of id: String, on connection: PostgresConnection) async throws -> Actor {
        guard let row = try await connection.query("select updated_by, updated_role from order_requests where id = $1", [id]).rows.first else {
            return .system
        }
        return Actor(subject: try row.string("updated_by"), role: try row.string("updated_role"))
    }
}
