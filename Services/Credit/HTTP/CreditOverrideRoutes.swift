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
enum CreditOverrideRoutes {
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
            let override = try CreditOverride(by: principal.subject, roles: principal.roles, reason: body.reason, at: now)
            let result = try await environment.pool.transaction { connection in
                try await apply(
                    override, orderId: orderId, shipBeforePayment: body.shipBeforePayment ?? false, on: connection,
                    outbox: environment.outbox)
            }
            return try JSONResponse(result, status: .created).response()
        }
    }

    /// Lets the order through, or approves shipping it before payment, under the profile's and the order's row locks.
    private static func apply(
        _ override: CreditOverride, orderId: String, shipBeforePayment: Bool, on connection: PostgresConnection, outbox: Outbox
    ) async throws -> Result {
        guard let seen = try await CreditStore.reservation(orderId, on: connection) else { throw noReservation(orderId) }
        // The profile's lock first, as the reservation handler takes it, then the order's.
        let profile = try await CreditStore.profile(seen.customerId, lock: true, on: connection)
        guard let current = try await CreditStore.reservation(orderId, lock: true, on: connection) else { throw noReservation(orderId) }
        try SeparationOfDuties.refuseAuthor(
            override.userId, deciding: "override credit for", on: .init("order \(orderId)", authors: current.orderAuthors))
        guard let profile else { throw RuleViolation.invalidState("customer \(current.customerId) has no credit profile; set one first") }
        var overriding: String?
        switch current.status {
        case .released:
            throw RuleViolation.invalidState("order \(orderId) was released (completed or cancelled); there is nothing to override")
        case .reserved:
            guard shipBeforePayment else {
                throw RuleViolation.invalidState(
                    "order \(orderId) already has its credit reserved; an override can only approve shipping before payment (shipBeforePayment: true)"
                )
            }
        case .refused:
            var account = try await CreditStore.account(current.customerId, on: connection)
            let decision = try account.reserve(orderId: orderId, amount: current.amount, profile: profile, override: override)
            overriding = decision.refusalCode?.rawValue
        }
        let ship = shipBeforePayment || current.shipBeforePayment
        try await CreditStore.save(
            .init(
                orderId: orderId, customerId: current.customerId, amount: current.amount, status: .reserved,
                override: override, shipBeforePayment: ship),
            by: Author(subject: override.userId, role: Role.salesDirector.rawValue), at: override.at, on: connection)
        try await CreditStore.record(
            override, orderId: orderId, customerId: current.customerId, shipBeforePayment: shipBeforePayment,
            overriding: overriding, on: connection)
        let event = CreditReserved(
            orderId: orderId, customerId: current.customerId, amount: current.amount, grade: profile.grade,
            depositRatioBasisPoints: profile.depositRatioBasisPoints, override: true, shipBeforePayment: ship)
        try await outbox.enqueue([try OutgoingMessage.event(event, correlationID: orderId, causationID: nil)], on: connection)
        return Result(
            orderId: orderId, customerId: current.customerId, status: "reserved", amount: current.amount, override: true,
            shipBeforePayment: ship, overriding: overriding, overriddenBy: override.userId, reason: override.reason,
            overriddenAt: override.at)
    }

    private static func noReservation(_ orderId: String) -> RuleViolation {
        RuleViolation(code: .notFound, detail: "no credit reservation was requested for order \(orderId)")
    }
}
