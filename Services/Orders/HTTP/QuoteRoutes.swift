import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Quotes and bids over HTTP (DOMAIN.md "Prices and approvals", "Quotes, bids and contracts").
/// The price authority decides the total and who must approve; below the factory floor nothing is stored.
enum QuoteRoutes {
    struct Body: Decodable {
        var customerId: String
        var lines: [OrderLine]
        var validUntil: String
        var paymentTerms: String?
        var deliveryDate: String?
    }

    static let authors: [Role] = [.salesperson, .salesManager]
    static let senders: [Role] = [.salesperson, .salesManager, .salesAdmin]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/quotes") { request, context in
            let actor = try context.actor(as: .salesperson, .salesManager)
            let body = try await request.decode(as: Body.self, context: context)
            guard let validUntil = Quote.parseValidUntil(body.validUntil) else {
                throw Problem.validation("invalid validUntil", errors: [.init(field: "validUntil", message: "must be a date (2026-12-31) or an ISO 8601 time")])
            }
            if let date = body.deliveryDate, CalendarDate(date) == nil {
                throw Problem.validation("invalid deliveryDate", errors: [.init(field: "deliveryDate", message: "must be a date (2026-12-31)")])
            }
            let now = environment.clock.now()
            let quote = try await environment.pool.transaction { connection in
                let customer = try await CustomerFacts.load(body.customerId, on: connection)
                let prices = try await PriceCatalog.prices(for: body.lines, on: connection)
                let authority = try await OrdersSettings.current(on: connection).priceAuthority
                let assessment = try applyingRule { () throws(RuleViolation) in
                    try authority.assess(channel: customer.channel, lines: body.lines, prices: prices)
                }
                let approval = ApprovalState(requiredRoles: assessment.requiredApprovals)
                let quote = Quote(
                    id: newID("q"), customerId: customer.id, lines: body.lines, total: assessment.total, validUntil: validUntil,
                    paymentTerms: body.paymentTerms, deliveryDate: body.deliveryDate,
                    status: assessment.needsApproval ? "pending_approval" : "approved", approval: approval)
                try await quote.insert(by: actor, at: now, on: connection)
                return quote
            }
            return try JSONResponse(quote, status: .created).response()
        }

        router.get("/v1/quotes/{id}") { _, context in
            _ = try context.require(anyOf: ProductRoutes.readers)
            let id = try context.parameters.require("id")
            let quote = try await environment.pool.transaction { try await Quote.lock(id, on: $0) }
            return try JSONResponse(quote).response()
        }

        ApprovalRoute.add(Quote.self, at: "/v1/quotes/{id}/approvals", to: router, environment: environment)

        router.post("/v1/quotes/{id}/send") { _, context in
            let actor = try context.actor(as: .salesperson, .salesManager, .salesAdmin)
            let id = try context.parameters.require("id")
            return try JSONResponse(try await move(id, from: "approved", to: "sent", by: actor, environment: environment)).response()
        }

        router.post("/v1/quotes/{id}/accept") { _, context in
            let actor = try context.actor(as: .salesperson, .salesManager, .salesAdmin)
            let id = try context.parameters.require("id")
            return try JSONResponse(try await move(id, from: "sent", to: "accepted", by: actor, environment: environment)).response()
        }
    }

    /// Moves a quote along its path; an expired quote (validUntil passed by the service clock) is
    /// marked expired and the move refused.
    static func move(_ id: String, from: String, to: String, by actor: Author, environment: ServiceEnvironment) async throws -> Quote {
        let now = environment.clock.now()
        let (quote, expired) = try await environment.pool.transaction { connection in
            var quote = try await Quote.lock(id, on: connection)
            guard quote.status == from else { throw Problem.invalidState("quote \(id) is \(quote.status), not \(from)") }
            if now >= quote.validUntil {
                quote.status = "expired"
                try await quote.update(by: .system, at: now, on: connection)
                return (quote, true)
            }
            quote.status = to
            try await quote.update(by: actor, at: now, on: connection)
            return (quote, false)
        }
        if expired { throw Problem.invalidState("quote \(id) expired at \(quote.validUntil)") }
        return quote
    }
}
