import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Contracts over HTTP (DOMAIN.md "Quotes, bids and contracts"): made from an accepted quote; a
/// deviating term goes back to approval under the price rules (`reviewContract`); signing starts
/// the order and its saga in the same transaction.
enum ContractRoutes {
    struct Body: Decodable {
        var quoteId: String
        var deliveryAddress: String
        var requestedDeliveryDate: String?
        var lines: [OrderLine]?
        var paymentTerms: String?
        /// The cancellation term; absent is 0 (no penalty).
        var cancellationPenaltyPercent: PenaltyPercent?
    }
    struct Signed: Encodable { var orderId: String }

    /// The read of `GET /v1/contracts/{id}` and its printed form: the roles that read contracts, the contract the
    /// path names.
    static func read(context: O2CRequestContext, environment: ServiceEnvironment) async throws -> Contract {
        _ = try context.require(anyOf: ProductRoutes.readers)
        let id = try context.parameters.require("id")
        return try await environment.pool.transaction { try await ContractStore.lock(id, on: $0) }
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        let host = OrderSagaHost(environment: environment)
        router.post("/v1/contracts") { request, context in
            let actor = try context.actor(as: .salesperson, .salesManager, .salesAdmin)
            let body = try await request.decode(as: Body.self, context: context)
            if body.deliveryAddress.allSatisfy(\.isWhitespace) {
                throw Problem.validation("invalid contract", errors: [.init(field: "deliveryAddress", message: "must not be empty")])
            }
            var requestedDate: CalendarDate?
            if let text = body.requestedDeliveryDate {
                guard let date = CalendarDate(text) else {
                    throw Problem.validation(
                        "invalid contract", errors: [.init(field: "requestedDeliveryDate", message: "must be a date (2026-12-31)")])
                }
                requestedDate = date
            }
            let now = environment.clock.now()
            let contract = try await environment.pool.transaction { connection in
                let quote = try await QuoteStore.lock(body.quoteId, on: connection)
                guard quote.status == .accepted else {
                    throw RuleViolation.invalidState("quote \(quote.id) is \(quote.status.rawValue); a contract needs an accepted quote")
                }
                if let existing = try await ContractStore.openContract(ofQuote: quote.id, on: connection) {
                    throw RuleViolation.conflict("quote \(quote.id) already has contract \(existing)")
                }
                let customer = try await CustomerStore.facts(quote.customerId, on: connection)
                let lines = body.lines ?? quote.lines
                let prices = try await ProductStore.prices(for: quote.lines + lines, on: connection)
                let authority = try await OrdersSettings.current(on: connection).priceAuthority
                let review = try authority.reviewContract(
                    channel: customer.channel,
                    quote: DealTerms(
                        lines: quote.lines, paymentTerms: quote.paymentTerms,
                        deliveryDate: quote.deliveryDate.flatMap { CalendarDate(anyYear: $0) }),
                    contract: DealTerms(lines: lines, paymentTerms: body.paymentTerms, deliveryDate: requestedDate),
                    prices: prices)
                let contract = Contract(
                    id: newID("k"), quoteId: quote.id, customerId: customer.id, lines: lines, total: review.total,
                    deliveryAddress: body.deliveryAddress, requestedDeliveryDate: body.requestedDeliveryDate,
                    paymentTerms: body.paymentTerms ?? quote.paymentTerms,
                    cancellationPenaltyPercent: body.cancellationPenaltyPercent ?? .zero,
                    status: review.requiredApprovals.isEmpty ? .approved : .pendingApproval, orderId: nil,
                    approval: ApprovalState(requiredRoles: review.requiredApprovals))
                try await ContractStore.insert(contract, by: actor, at: now, on: connection)
                return contract
            }
            return try JSONResponse(contract, status: .created).response()
        }

        router.get("/v1/contracts/{id}") { _, context in
            try JSONResponse(try await read(context: context, environment: environment)).response()
        }

        // The sales_admin archives the signed contract (DOMAIN.md: the same day). A repeat changes nothing and answers the
        // contract as first archived (who, role, when).
        router.post("/v1/contracts/{id}/archive") { _, context in
            let actor = try context.actor(as: .salesAdmin)
            let id = try context.parameters.require("id")
            let now = environment.clock.now()
            let contract = try await environment.pool.transaction { connection in
                let contract = try await ContractStore.lock(id, on: connection)
                guard contract.status == .signed else {
                    throw RuleViolation.invalidState("contract \(id) is \(contract.status.rawValue); only a signed contract is archived")
                }
                if contract.archive != nil { return contract }
                try await ContractStore.archive(id, by: actor, at: now, on: connection)
                return try await ContractStore.lock(id, on: connection)
            }
            return try JSONResponse(contract).response()
        }

        router.post("/v1/contracts/{id}/sign") { _, context in
            let actor = try context.actor(as: .salesAdmin, .salesperson)
            let id = try context.parameters.require("id")
            let now = environment.clock.now()
            let orderId = try await environment.pool.transaction { connection in
                var contract = try await ContractStore.lock(id, on: connection)
                guard contract.status == .approved else {
                    throw RuleViolation.invalidState(
                        "contract \(id) is \(contract.status.rawValue); only an approved contract can be signed")
                }
                let customer = try await CustomerStore.facts(contract.customerId, on: connection)
                let order = OrderRecord(
                    id: newID("o"), customerId: customer.id, buyerName: customer.name, lines: contract.lines, total: contract.total,
                    deliveryAddress: contract.deliveryAddress, requestedDeliveryDate: contract.requestedDeliveryDate,
                    paymentMethod: contract.paymentTerms, source: .contract, contractId: contract.id, status: .inProgress)
                try await OrderStore.insert(order, by: actor, at: now, on: connection)
                contract.status = .signed
                contract.orderId = order.id
                try await ContractStore.update(contract, by: actor, at: now, on: connection)
                try await host.start(
                    order.facts, requestedDeliveryDate: order.requestedDeliveryDate, signedBy: actor, on: connection, at: now)
                return order.id
            }
            return try JSONResponse(Signed(orderId: orderId), status: .created).response()
        }
    }
}
