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

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/quotes") { request, context in
            let actor = try context.actor(as: .salesperson, .salesManager)
            let body = try await request.decode(as: Body.self, context: context)
            guard let validUntil = Quote.parseValidUntil(body.validUntil) else {
                throw Problem.validation(
                    "invalid validUntil", errors: [.init(field: "validUntil", message: "must be a date (2026-12-31) or an ISO 8601 time")])
            }
            if let date = body.deliveryDate, CalendarDate(date) == nil {
                throw Problem.validation(
                    "invalid deliveryDate", errors: [.init(field: "deliveryDate", message: "must be a date (2026-12-31)")])
            }
            let now = environment.clock.now()
            let quote = try await environment.pool.transaction { connection in
                let customer = try await CustomerStore.facts(body.customerId, on: connection)
                let prices = try await ProductStore.prices(for: body.lines, on: connection)
                let authority = try await OrdersSettings.current(on: connection).priceAuthority
                let assessment = try authority.assess(channel: customer.channel, lines: body.lines, prices: prices)
                let approval = ApprovalState(requiredRoles: assessment.requiredApprovals)
                let quote = Quote(
                    id: newID("q"), customerId: customer.id, lines: body.lines, total: assessment.total, validUntil: validUntil,
                    paymentTerms: body.paymentTerms, deliveryDate: body.deliveryDate,
                    status: assessment.needsApproval ? .pendingApproval : .approved, approval: approval)
                try await QuoteStore.insert(quote, by: actor, at: now, on: connection)
                return quote
            }
            return try JSONResponse(quote, status: .created).response()
        }

        router.get("/v1/quotes/{id}") { _, context in
            try JSONResponse(try await read(context: context, environment: environment)).response()
        }

        router.post("/v1/quotes/{id}/send") { _, context in
            let actor = try context.actor(as: .salesperson, .salesManager, .salesAdmin)
            let id = try context.parameters.require("id")
            return try JSONResponse(try await move(id, from: .approved, to: .sent, by: actor, environment: environment)).response()
        }

        router.post("/v1/quotes/{id}/accept") { _, context in
            let actor = try context.actor(as: .salesperson, .salesManager, .salesAdmin)
            let id = try context.parameters.require("id")
            return try JSONResponse(try await move(id, from: .sent, to: .accepted, by: actor, environment: environment)).response()
        }
    }

    /// The read of `GET /v1/quotes/{id}` and its printed form: the roles that read quotes, the quote the path names.
    static func read(context: O2CRequestContext, environment: ServiceEnvironment) async throws -> Quote {
        _ = try context.require(anyOf: ProductRoutes.readers)
        let id = try context.parameters.require("id")
        return try await environment.pool.transaction { try await QuoteStore.lock(id, on: $0) }
    }

    /// Moves a quote along its path; an expired quote (validUntil passed by the service clock) is
    /// marked expired and the move refused.
    static func move(
        _ id: String, from: QuoteStatus, to: QuoteStatus, by actor: Author, environment: ServiceEnvironment
    ) async throws -> Quote {
        let now = environment.clock.now()
        let (quote, expired) = try await environment.pool.transaction { connection in
            var quote = try await QuoteStore.lock(id, on: connection)
            guard quote.status == from else {
                throw RuleViolation.invalidState("quote \(id) is \(quote.status.rawValue), not \(from.rawValue)")
            }
            if now >= quote.validUntil {
                quote.status = .expired
                try await QuoteStore.update(quote, by: .system, at: now, on: connection)
                return (quote, true)
            }
            quote.status = to
            try await QuoteStore.update(quote, by: actor, at: now, on: connection)
            return (quote, false)
        }
        if expired { throw RuleViolation.invalidState("quote \(id) expired at \(quote.validUntil)") }
        return quote
    }
}
