import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Orders over HTTP (DOMAIN.md "Quotes, bids and contracts": 电话/传真订货 needs sales_manager
/// confirmation before anything moves; "The order-to-cash flow": where the order is).
enum OrderRoutes {
    struct Body: Decodable {
        enum Source: String, Decodable {
            case phone, fax
            var orderSource: OrderSource {
                switch self {
                case .phone: .phone
                case .fax: .fax
                }
            }
        }
        var customerId: String
        var lines: [OrderLine]
        var source: Source
        var deliveryAddress: String?
        var requestedDeliveryDate: String?
    }
    struct Taken: Encodable {
        var id: String
        var status: OrderStatus
        var total: Money
        var requiredApprovals: [Role]
    }

    /// Roles whose task with an order is its goods, not its money or buyer (DOMAIN.md "Roles",
    /// "Confidentiality"): they read it without prices, customer or contract.
    static let goodsOnlyReaders: Set<Role> = [.carrier, .gatekeeper, .technician, .warehouseKeeper]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        let host = OrderSagaHost(environment: environment)
        router.post("/v1/orders") { request, context in
            let actor = try context.actor(as: .salesperson, .customerService, .salesAdmin, .salesManager)
            let body = try await request.decode(as: Body.self, context: context)
            if let date = body.requestedDeliveryDate, CalendarDate(date) == nil {
                throw Problem.validation(
                    "invalid order", errors: [.init(field: "requestedDeliveryDate", message: "must be a date (2026-12-31)")])
            }
            let now = environment.clock.now()
            let order = try await environment.pool.transaction { connection in
                let customer = try await CustomerStore.facts(body.customerId, on: connection)
                let prices = try await ProductStore.prices(for: body.lines, on: connection)
                let authority = try await OrdersSettings.current(on: connection).priceAuthority
                let assessment = try authority.assess(channel: customer.channel, lines: body.lines, prices: prices)
                let order = OrderRecord(
                    id: newID("o"), customerId: customer.id, buyerName: customer.name, lines: body.lines, total: assessment.total,
                    deliveryAddress: body.deliveryAddress ?? customer.deliveryAddress, requestedDeliveryDate: body.requestedDeliveryDate,
                    paymentMethod: nil, source: body.source.orderSource, contractId: nil, status: .awaitingConfirmation,
                    approval: ApprovalState(requiredRoles: assessment.requiredApprovals + [.salesManager]))
                try await OrderStore.insert(order, by: actor, at: now, on: connection)
                return order
            }
            let taken = Taken(id: order.id, status: order.status, total: order.total, requiredApprovals: order.approval?.pendingRoles ?? [])
            return try JSONResponse(taken, status: .created).response()
        }

        router.post("/v1/orders/{id}/confirm") { request, context in
            let principal = try context.require(.salesManager, .generalManager)
            let id = try context.parameters.require("id")
            let comment = try? await request.decode(as: ApprovalBody.self, context: context).comment
            let now = environment.clock.now()
            let order = try await environment.pool.transaction { connection in
                var order = try await OrderStore.load(id, lock: true, on: connection)
                guard order.status == .awaitingConfirmation, var approval = order.approval else {
                    throw RuleViolation.invalidState(
                        "order \(id) is \(order.status.rawValue); only a phone or fax order awaiting confirmation can be confirmed")
                }
                let recorder = ApprovalRecorder(subject: .order, subjectId: id, author: order.createdBy)
                let decision = ApprovalBody(decision: .approve, comment: comment)
                let (change, actor) = try await recorder.record(decision, on: &approval, by: principal, at: now, connection: connection)
                order.approval = approval
                if approval.isFullyApproved { order.status = .inProgress }
                if change != .unchanged { try await OrderStore.update(order, by: actor, at: now, on: connection) }
                if case .completed = change {
                    try await host.start(
                        order.facts, requestedDeliveryDate: order.requestedDeliveryDate, signedBy: actor, on: connection, at: now)
                }
                return order
            }
            let taken = Taken(id: order.id, status: order.status, total: order.total, requiredApprovals: order.approval?.pendingRoles ?? [])
            return try JSONResponse(taken).response()
        }

        router.get("/v1/orders/{id}") { _, context in
            let principal = try context.anyone()
            let full = !principal.roles.isSubset(of: goodsOnlyReaders)
            let id = try context.parameters.require("id")
            let view = try await environment.pool.withConnection { connection in
                let order = try await OrderStore.load(id, on: connection)
                let saga = try await host.sagaView(orderId: id, on: connection)
                return OrderView(order, saga: saga, full: full)
            }
            return try JSONResponse(view).response()
        }
    }
}
