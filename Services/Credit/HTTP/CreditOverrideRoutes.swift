import Foundation
import HTTPTypes
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `POST /v1/orders/{orderId}/override` `{reason, shipBeforePayment?}` (DOMAIN.md "Credit"): a
/// sales_director lets a refused order through, or approves shipping before payment
/// (未打款先发货) for a reserved one; recorded with who and why. Either way `CreditReserved`
/// (override true) goes to the saga. Not by one of the order's authors (who created its quote, contract
/// or the order itself, as the reservation request named them): 403 `separation_of_duties`.
enum CreditOverrideRoute {
    struct Body: Decodable {
        var reason: String
        var shipBeforePayment: Bool?
    }

    struct Result: Encodable, Sendable {
        var orderId: String
        var customerId: String
        var status: String
        var amount: Money
        var override: Bool
        var shipBeforePayment: Bool
        /// The refusal the override let through (`credit_limit_exceeded`, `customer_on_hold`), if any.
        var overriding: String?
        var overriddenBy: String
        var reason: String
        var overriddenAt: Date
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/orders/{orderId}/override") { request, context in
            let principal = try context.require(.salesDirector)
            let orderId = try context.parameters.require("orderId")
            let body = try await request.decode(as: Body.self, context: context)
            let now = environment.clock.now()
            let override = try applyingRule { () throws(RuleViolation) in
                try CreditOverride(by: principal.subject, roles: principal.roles, reason: body.reason, at: now)
            }
            let result = try await environment.pool.transaction { connection in
                try await apply(
                    override, orderId: orderId, shipBeforePayment: body.shipBeforePayment ?? false, on: connection,
                    outbox: environment.outbox)
            }
            return try JSONResponse(result, status: .created).response()
        }
    }

    static func apply(
        _ override: CreditOverride, orderId: String, shipBeforePayment: Bool, on connection: PostgresConnection, outbox: Outbox
    ) async throws -> Result {
        let store = CreditStore(connection: connection)
        guard let seen = try await store.reservation(orderId) else {
            throw Problem.notFound("no credit reservation was requested for order \(orderId)")
        }
        // The profile's lock first, as the reservation handler takes it, then the order's.
        let profile = try await store.profile(seen.customerId, lock: true)
        guard let current = try await store.reservation(orderId, lock: true) else {
            throw Problem.notFound("no credit reservation was requested for order \(orderId)")
        }
        try applyingRule { () throws(RuleViolation) in
            try SeparationOfDuties.refuseAuthor(
                override.userId, deciding: "override credit for", on: .init("order \(orderId)", authors: current.orderAuthors))
        }
        guard let profile else { throw Problem.invalidState("customer \(current.customerId) has no credit profile; set one first") }
        var overriding: String?
        switch current.status {
        case .released:
            throw Problem.invalidState("order \(orderId) was released (completed or cancelled); there is nothing to override")
        case .reserved:
            guard shipBeforePayment else {
                throw Problem.invalidState(
                    "order \(orderId) already has its credit reserved; an override can only approve shipping before payment (shipBeforePayment: true)")
            }
        case .refused:
            var account = try await store.account(current.customerId)
            let decision = try applyingRule { () throws(RuleViolation) in
                try account.reserve(orderId: orderId, amount: current.amount, profile: profile, override: override)
            }
            overriding = decision.refusalCode?.rawValue
        }
        let ship = shipBeforePayment || current.shipBeforePayment
        try await store.save(
            .init(orderId: orderId, customerId: current.customerId, amount: current.amount, status: .reserved,
                  override: override, shipBeforePayment: ship),
            by: Author(subject: override.userId, role: Role.salesDirector.rawValue), at: override.at)
        try await store.record(
            override, orderId: orderId, customerId: current.customerId, shipBeforePayment: shipBeforePayment,
            overriding: overriding)
        let event = CreditReserved(
            orderId: orderId, customerId: current.customerId, amount: current.amount, grade: profile.grade,
            depositRatioBasisPoints: profile.depositRatioBasisPoints, override: true, shipBeforePayment: ship)
        try await outbox.enqueue([try OutgoingMessage.event(event, correlationID: orderId, causationID: nil)], on: connection)
        return Result(
            orderId: orderId, customerId: current.customerId, status: "reserved", amount: current.amount, override: true,
            shipBeforePayment: ship, overriding: overriding, overriddenBy: override.userId, reason: override.reason,
            overriddenAt: override.at)
    }
}
