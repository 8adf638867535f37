import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Cancellations and amendments over HTTP (DOMAIN.md "Order amendments"): a written request,
/// approvals by `AmendmentKind`'s roles (plus the price authority's for new prices), refused
/// after dispatch; from the last approval on it follows `ChangeRequestFlow` (`OrderAmendmentApplier`).
enum OrderRequestRoutes {
    /// No `penalty`: finance computes it (DOMAIN.md "Order amendments"); the document's bodies forbid unknown
    /// fields, so one naming it is 422 `validation_failed` on `penalty` before it gets here.
    struct CancelBody: Decodable {
        var reason: String
    }
    struct AmendmentBody: Decodable {
        var kind: AmendmentKind
        var reason: String?
        var buyerName: String?
        var paymentMethod: String?
        var lines: [OrderLine]?
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        let host = OrderSagaHost(environment: environment)
        router.post("/v1/orders/{id}/cancel") { request, context in
            let actor = try context.actor(as: .salesperson, .salesAdmin, .customerService, .salesManager)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: CancelBody.self, context: context)
            let amendment = AmendmentBody(kind: .cancel, reason: body.reason)
            let made = try await create(amendment, for: id, by: actor, environment: environment, host: host)
            return try JSONResponse(made, status: .created).response()
        }

        router.post("/v1/orders/{id}/amendments") { request, context in
            let actor = try context.actor(as: .salesperson, .salesAdmin, .customerService, .salesManager)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: AmendmentBody.self, context: context)
            let made = try await create(body, for: id, by: actor, environment: environment, host: host)
            return try JSONResponse(made, status: .created).response()
        }

        router.get("/v1/order-requests/{requestId}") { _, context in
            // A change request carries the buyer and prices: the sales, finance and audit roles only.
            _ = try context.require(anyOf: Set(Role.allCases).subtracting(OrderRoutes.goodsOnlyReaders))
            let id = try context.parameters.require("requestId")
            return try JSONResponse(try await environment.pool.transaction { try await OrderRequestStore.lock(id, on: $0) }).response()
        }

        router.post("/v1/order-requests/{requestId}/approvals") { request, context in
            let principal = try context.require(anyOf: ApprovalRoutes.approvers)
            let id = try context.parameters.require("requestId")
            let body = try await request.decode(as: ApprovalBody.self, context: context)
            let now = environment.clock.now()
            let answer = try await environment.pool.transaction { connection in
                var change = try await OrderRequestStore.lock(id, on: connection)
                guard change.status == .pendingApproval else {
                    throw RuleViolation.invalidState("request \(id) is \(change.status.rawValue); approvals are closed")
                }
                let recorder = ApprovalRecorder(subject: .orderRequest, subjectId: id, author: change.createdBy)
                let (decided, actor) = try await recorder.record(body, on: &change.approval, by: principal, at: now, connection: connection)
                switch decided {
                case .unchanged: return change
                case .recorded: break
                case .rejected: _ = change.flow.take(.approvalRejected)
                case .completed:
                    try requirePenalty(of: change)
                    // Writes the request in its new state (applying, or applied at once).
                    try await OrderAmendmentApplier(host: host, outbox: environment.outbox, logger: context.logger)
                        .approved(&change, by: actor, at: now, on: connection)
                    return change
                }
                try await OrderRequestStore.update(change, by: actor, at: now, on: connection)
                return change
            }
            return try JSONResponse(answer).response()
        }
    }

    private static func create(
        _ body: AmendmentBody, for orderId: String, by actor: Author, environment: ServiceEnvironment, host: OrderSagaHost
    ) async throws -> OrderRequest {
        let now = environment.clock.now()
        return try await environment.pool.transaction { connection in
            let order = try await OrderStore.load(orderId, lock: true, on: connection)
            try body.validate()
            let applier = OrderAmendmentApplier(host: host, outbox: environment.outbox, logger: environment.logger)
            let dispatched = try await applier.isDispatched(order, on: connection)
            var roles = try body.kind.requiredApprovals(orderDispatched: dispatched)
            if let lines = body.lines, body.kind == .price || body.kind == .lineItem {
                let customer = try await CustomerStore.facts(order.customerId, on: connection)
                let prices = try await ProductStore.prices(for: lines, on: connection)
                let authority = try await OrdersSettings.current(on: connection).priceAuthority
                roles += try authority.assess(channel: customer.channel, lines: lines, prices: prices).requiredApprovals
            }
            let details = OrderRequest.Details(
                reason: body.reason, buyerName: body.buyerName, paymentMethod: body.paymentMethod, lines: body.lines)
            let request = OrderRequest(
                id: newID("r"), orderId: order.id, kind: body.kind, details: details, flow: ChangeRequestFlow(status: .pendingApproval),
                approval: ApprovalState(requiredRoles: roles))
            try await OrderRequestStore.insert(request, by: actor, at: now, on: connection)
            if body.kind == .cancel {
                // finance computes the penalty from the contract's term (0 for a phone or fax order) and the order total.
                let term = try await ContractStore.cancellationPenalty(ofContract: order.contractId, on: connection)
                let asked = CancellationRequested(
                    orderId: order.id, customerId: order.customerId, requestId: request.id, orderTotal: order.total,
                    cancellationPenaltyBasisPoints: term.basisPoints, requestedBy: actor.subject, requestedAt: now)
                try await environment.outbox.enqueue(
                    [try OutgoingMessage.event(asked, correlationID: order.id, causationID: nil)], on: connection)
            }
            return request
        }
    }
}

extension RuleViolation.Code {
    /// The last approval of a cancellation before finance computed its penalty (HTTP 409).
    static let penaltyPending = RuleViolation.Code(rawValue: "penalty_pending")
}

extension OrderRequestRoutes {
    /// The last approval of a cancellation needs finance's penalty first (409 `penalty_pending`; nothing is recorded).
    static func requirePenalty(of request: OrderRequest) throws {
        guard request.kind == .cancel, request.penaltyComputation == nil else { return }
        throw RuleViolation(
            code: .penaltyPending,
            detail:
                "finance has not computed the penalty of cancellation request \(request.id) yet; approve again once it shows on the request"
        )
    }
}

extension OrderRequestRoutes.AmendmentBody {
    /// Each kind names what it changes.
    func validate() throws {
        func missing(_ field: String) -> Problem {
            Problem.validation(
                "a \(kind.rawValue) request needs \(field)", errors: [.init(field: field, message: "is required for \(kind.rawValue)")])
        }
        switch kind {
        case .cancel: if reason?.allSatisfy(\.isWhitespace) ?? true { throw missing("reason") }
        case .buyerName: if buyerName?.allSatisfy(\.isWhitespace) ?? true { throw missing("buyerName") }
        case .paymentMethod: if paymentMethod?.allSatisfy(\.isWhitespace) ?? true { throw missing("paymentMethod") }
        case .lineItem, .price: if lines?.isEmpty ?? true { throw missing("lines") }
        }
    }
}
