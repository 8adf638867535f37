import Foundation
import O2CContracts
import O2CMessaging

/// The saga's credit commands (DOMAIN.md "Credit"): reserve an order's total against the
/// customer's limit, and release it when the order is paid or cancelled.
extension CreditHandlers {
    static func reservationRequested(_ request: CreditReservationRequested, context: MessageContext) async throws {
        try await context.outbox.enqueue([try decide(request, context: context)], on: context.connection)
    }

    static func releaseRequested(_ request: CreditReleaseRequested, context: MessageContext) async throws {
        try await CreditStore.release(
            orderId: request.orderId, customerId: request.customerId, by: .system, at: context.now, on: context.connection)
        // Always answered, also for a repeat or an order never reserved, so the saga can finish.
        let released = CreditReleased(orderId: request.orderId, customerId: request.customerId)
        try await context.outbox.enqueue([try context.event(released, correlationID: request.orderId)], on: context.connection)
    }

    /// Decides under the customer's profile row lock, records the decision and returns the answer.
    /// A repeat of a reserved order answers the same; a released order is refused (`order_released`).
    static func decide(_ request: CreditReservationRequested, context: MessageContext) async throws -> OutgoingMessage {
        let connection = context.connection
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

        let profile = try await CreditStore.profile(request.customerId, lock: true, on: connection)
        let existing = try await CreditStore.reservation(orderId, lock: true, on: connection)
        if existing?.status == .released {
            return try refused(
                "order_released", "order \(orderId) was already released (completed or cancelled); nothing is reserved for it")
        }
        guard let profile else {
            try await CreditStore.save(
                .init(
                    orderId: orderId, customerId: request.customerId, amount: request.amount, status: .refused,
                    refusalCode: "no_credit_profile", refusalReason: "no credit profile", orderAuthors: authors), by: .system,
                at: context.now, on: connection)
            return try refused(
                "no_credit_profile",
                "customer \(request.customerId) has no credit profile; sales_manager or finance must set grade, limit and deposit ratio first"
            )
        }
        if let existing, existing.status == .reserved {
            return try reserved(existing.amount, profile, override: existing.overridden, shipBeforePayment: existing.shipBeforePayment)
        }

        var account = try await CreditStore.account(request.customerId, on: connection)
        var request = request
        if let amended = try await CreditStore.amendedAmount(of: orderId, on: connection) { request.amount = amended }
        let decision: CreditDecision
        do {
            decision = try account.reserve(orderId: orderId, amount: request.amount, profile: profile)
        } catch {
            return try refused(error.code.rawValue, error.detail)
        }
        switch decision.outcome {
        case .reserved, .reservedByOverride:
            try await CreditStore.save(
                .init(orderId: orderId, customerId: request.customerId, amount: request.amount, status: .reserved, orderAuthors: authors),
                by: .system, at: context.now, on: connection)
            return try reserved(request.amount, profile, override: false, shipBeforePayment: false)
        case .refused(let refusal):
            try await CreditStore.save(
                .init(
                    orderId: orderId, customerId: request.customerId, amount: request.amount, status: .refused,
                    refusalCode: refusal.code.rawValue, refusalReason: refusal.detail, orderAuthors: authors), by: .system,
                at: context.now, on: connection)
            return try refused(refusal.code.rawValue, refusal.detail)
        }
    }
}
