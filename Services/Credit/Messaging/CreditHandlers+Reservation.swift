import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// The saga's credit commands (DOMAIN.md "Credit"): reserve an order's total against the
/// customer's limit, and release it when the order is paid or cancelled.
enum CreditReservationHandlers {
    static var all: [MessageHandler] {
        [
            .on(CreditReservationRequested.self) { request, context in
                try await context.send([try decide(request, context: context)])
            },
            .on(CreditReleaseRequested.self) { request, context in
                try await CreditStore(connection: context.connection)
                    .release(orderId: request.orderId, customerId: request.customerId, by: .system, at: context.now)
                // Always answered, also for a repeat or an order never reserved, so the saga can finish.
                try await context.send([
                    try context.event(
                        CreditReleased(orderId: request.orderId, customerId: request.customerId), correlationID: request.orderId)
                ])
            },
        ]
    }

    /// Decides under the customer's profile row lock, records the decision and returns the answer.
    /// A repeat of a reserved order answers the same; a released order is refused (`order_released`).
    static func decide(_ request: CreditReservationRequested, context: MessageContext) async throws -> OutgoingMessage {
        let store = CreditStore(connection: context.connection)
        let orderId = request.orderId
        let authors = request.orderAuthors ?? []
        func refused(_ code: String, _ reason: String) throws -> OutgoingMessage {
            try context.event(
                CreditRefused(orderId: orderId, customerId: request.customerId, code: code, reason: reason), correlationID: orderId)
        }
        func reserved(_ amount: Money, _ profile: CreditProfile, override: Bool, shipBeforePayment: Bool) throws -> OutgoingMessage {
            try context.event(
                CreditReserved(
                    orderId: orderId, customerId: request.customerId, amount: amount, grade: profile.grade,
                    depositRatioBasisPoints: profile.depositRatioBasisPoints, override: override,
                    shipBeforePayment: shipBeforePayment), correlationID: orderId)
        }

        let profile = try await store.profile(request.customerId, lock: true)
        let existing = try await store.reservation(orderId, lock: true)
        if existing?.status == .released {
            return try refused("order_released", "order \(orderId) was already released (completed or cancelled); nothing is reserved for it")
        }
        guard let profile else {
            try await store.save(
                .init(orderId: orderId, customerId: request.customerId, amount: request.amount, status: .refused,
                      refusalCode: "no_credit_profile", refusalReason: "no credit profile", orderAuthors: authors), by: .system, at: context.now)
            return try refused(
                "no_credit_profile",
                "customer \(request.customerId) has no credit profile; sales_manager or finance must set grade, limit and deposit ratio first")
        }
        if let existing, existing.status == .reserved {
            return try reserved(existing.amount, profile, override: existing.overridden, shipBeforePayment: existing.shipBeforePayment)
        }

        var account = try await store.account(request.customerId)
        var request = request
        if let amended = try await CreditAmendmentHandler.amendedAmount(of: orderId, on: context.connection) { request.amount = amended }
        let decision: CreditDecision
        do {
            decision = try account.reserve(orderId: orderId, amount: request.amount, profile: profile)
        } catch {
            return try refused(error.code.rawValue, error.detail)
        }
        switch decision.outcome {
        case .reserved, .reservedByOverride:
            try await store.save(
                .init(orderId: orderId, customerId: request.customerId, amount: request.amount, status: .reserved, orderAuthors: authors),
                by: .system, at: context.now)
            return try reserved(request.amount, profile, override: false, shipBeforePayment: false)
        case .refused(let refusal):
            try await store.save(
                .init(orderId: orderId, customerId: request.customerId, amount: request.amount, status: .refused,
                      refusalCode: refusal.code.rawValue, refusalReason: refusal.detail, orderAuthors: authors), by: .system,
                at: context.now)
            return try refused(refusal.code.rawValue, refusal.detail)
        }
    }
}
