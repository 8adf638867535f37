import Foundation
import HTTPTypes
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import O2CSaga

/// Requesting and reading returns and exchanges (CONTRACT.md after-sales; DOMAIN.md "After-sales and
/// returns"): the salesperson reports the customer's application (or customer service takes it) for
/// lines of a delivered order; the return then walks the saga.
enum ReturnRoutes {
    struct RequestBody: Decodable {
        struct Line: Decodable {
            var sku: String
            /// 1 to 1,000,000,000, refused at decoding otherwise.
            var quantity: Int

            private enum CodingKeys: String, CodingKey { case sku, quantity }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                sku = try container.decode(String.self, forKey: .sku)
                quantity = try container.decode(Int.self, forKey: .quantity, in: Quantity.positive)
            }
        }
        var orderId: String
        var kind: String
        var lines: [Line]
        var reason: String
    }

    struct Created: Encodable, Sendable {
        var id: String
        var status: String
        var orderId: String
        var kind: String
        var lines: [ReturnLine]
        var amount: Money
    }

    static let readers: Set<Role> = [
        .salesperson, .customerService, .branchManager, .salesManager, .salesDirector, .generalManager, .technician, .finance,
        .warehouseKeeper, .auditor,
    ]

    /// The read of `GET /v1/returns/{id}` and its printed form: the readers of returns, the return the path names.
    static func read(context: O2CRequestContext, host: ReturnSagaHost, environment: ServiceEnvironment) async throws -> ReturnView {
        _ = try context.require(anyOf: readers)
        let id = try context.parameters.require("id")
        let view = try await environment.pool.withConnection { try await ReturnView.load(id, host: host, on: $0) }
        guard let view else { throw Problem.notFound("no return \(id)") }
        return view
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        let host = ReturnSagaHost(environment: environment)
        router.post("/v1/returns") { request, context in
            let actor = try context.actor(as: .salesperson, .customerService)
            let body = try await request.decode(as: RequestBody.self, context: context)
            let id = "rt-" + UUID().uuidString.lowercased()
            let now = environment.clock.now()
            let created = try await environment.pool.transaction { connection in
                try await ReturnableOrderStore.lock(body.orderId, on: connection)
                let order = try await ReturnableOrderStore.load(body.orderId, on: connection)
                let returned = try await ReturnableOrderStore.alreadyReturned(body.orderId, on: connection)
                let rules = ReturnRequestRules(
                    orderKnown: order != nil, delivered: order?.delivered ?? false,
                    lines: (order?.lines ?? []).map {
                        .init(sku: $0.sku, delivered: $0.delivered, alreadyReturned: returned[$0.sku] ?? 0, unitPrice: $0.unitPrice)
                    })
                let (kind, lines) = try rules.validate(
                    kind: body.kind, lines: body.lines.map { .init(sku: $0.sku, quantity: $0.quantity) }, reason: body.reason)
                guard let order, let customerId = order.customerId else {
                    throw RuleViolation.invalidState("order \(body.orderId) is not known")
                }
                // At most what was delivered, at the order's prices; checked all the same.
                let amount = try lines.total(field: "lines")
                let saga = ReturnSaga.Request(
                    returnId: id, orderId: order.orderId, customerId: customerId, customerName: order.customerName ?? "",
                    deliveryAddress: order.deliveryAddress ?? "", kind: kind, lines: lines,
                    reason: body.reason.trimmingCharacters(in: .whitespacesAndNewlines), requestedBy: actor.subject)
                try await ReturnStore.insert(saga, by: actor, at: now, on: connection)
                try await host.start(saga, requestedBy: actor, on: connection, at: now)
                return Created(
                    id: id, status: ReturnSaga.Phase.awaitingConfirmation.rawValue, orderId: order.orderId, kind: kind.rawValue,
                    lines: lines, amount: amount)
            }
            return try JSONResponse(created, status: .created).response()
        }

        router.get("/v1/returns/{id}") { _, context in
            try JSONResponse(try await read(context: context, host: host, environment: environment)).response()
        }

        router.get("/v1/returns") { request, context in
            _ = try context.require(anyOf: readers)
            let query = try ListQuery(
                request, statuses: ReturnSaga.Phase.allCases.map(\.rawValue), filters: ["orderId", "customerId"],
                choices: ["kind": ["return", "exchange"]])
            let (views, next) = try await environment.pool.withConnection { connection in
                let page = try await ReturnStore.ids(query, on: connection)
                var views: [ReturnView] = []
                for id in page.items {
                    if let view = try await ReturnView.load(id, host: host, on: connection) { views.append(view) }
                }
                return (views, page.next)
            }
            return try ListPage(views, next: next).response(from: request, context: context)
        }
    }
}
