import Foundation
import Logging
import O2CContracts
import O2CMessaging

/// An approved line-item or price amendment changes what the order reserves (DOMAIN.md "Order
/// amendments"; "Credit": exposure = open reserved orders + unpaid invoices). The amendment was approved
/// by people before it reached credit, so it is applied, not decided again; each one is kept with the
/// amount before and after.
///
/// An amendment that arrives before the order's reservation request (the broker may reorder) is kept
/// as not applied; `CreditStore.amendedAmount` then gives the reservation its amended total.
///
/// An amendment that raises the total of a reserved order is decided first (`orders.amendment_credit_requested.v1`,
/// `CreditAccount.amend`): against the limit and the holds, like a new order. Granted, the reservation takes the
/// new total at once and the adjustment is kept, so the `orders.order_amended.v1` that follows changes nothing
/// more; refused, nothing changes and the saga's host rejects the change request with the code.
extension CreditHandlers {
    static func amendmentCreditRequested(_ request: AmendmentCreditRequested, context: MessageContext) async throws {
        try await context.outbox.enqueue([try decide(request, context: context)], on: context.connection)
    }

    /// Decides under the customer's profile row lock; a repeat of a granted increase answers the same.
    static func decide(_ request: AmendmentCreditRequested, context: MessageContext) async throws -> OutgoingMessage {
        let connection = context.connection
        func refused(_ code: String, _ reason: String) throws -> OutgoingMessage {
            context.logger.info(
                "amendment refused by credit",
                metadata: ["order.id": "\(request.orderId)", "amendment.id": "\(request.amendmentId)", "code": "\(code)"])
            return try context.event(
                AmendmentCreditRefused(
                    orderId: request.orderId, customerId: request.customerId, amendmentId: request.amendmentId, code: code,
                    reason: reason), correlationID: request.orderId)
        }
        let reservedAnswer = try context.event(
            AmendmentCreditReserved(
                orderId: request.orderId, customerId: request.customerId, amendmentId: request.amendmentId, amount: request.total),
            correlationID: request.orderId)
        guard let profile = try await CreditStore.profile(request.customerId, lock: true, on: connection) else {
            return try refused("no_credit_profile", "customer \(request.customerId) has no credit profile")
        }
        let reservation = try await CreditStore.reservation(request.orderId, lock: true, on: connection)
        guard let reservation, reservation.status == .reserved else {
            return try refused("order_released", "nothing is reserved for order \(request.orderId) (released, refused or never reserved)")
        }
        if try await CreditStore.isAdjustmentApplied(amendmentId: request.amendmentId, on: connection) { return reservedAnswer }

        var account = try await CreditStore.account(request.customerId, on: connection)
        let refusal: RuleViolation?
        do {
            refusal = try account.amend(orderId: request.orderId, to: request.total, profile: profile)
        } catch {
            return try refused(error.code.rawValue, error.detail)
        }
        if let refusal { return try refused(refusal.code.rawValue, refusal.detail) }
        try await CreditStore.recordAdjustment(
            amendmentId: request.amendmentId, orderId: request.orderId, customerId: request.customerId,
            from: reservation.amount, to: request.total, applied: true, at: context.now, on: connection)
        try await CreditStore.setReservedAmount(of: request.orderId, to: request.total, at: context.now, on: connection)
        context.logger.info(
            "reservation raised by amendment",
            metadata: ["order.id": "\(request.orderId)", "amendment.id": "\(request.amendmentId)", "amount": "\(request.total)"])
        return reservedAnswer
    }

    static func orderAmended(_ amended: OrderAmended, context: MessageContext) async throws {
        let connection = context.connection
        _ = try await CreditStore.profile(amended.customerId, lock: true, on: connection)
        let reservation = try await CreditStore.reservation(amended.orderId, lock: true, on: connection)
        let applies = reservation?.status == .reserved
        let recorded = try await CreditStore.recordAdjustment(
            amendmentId: amended.amendmentId, orderId: amended.orderId, customerId: amended.customerId,
            from: reservation?.amount, to: amended.total, applied: applies, at: context.now, on: connection)
        guard recorded, applies else { return }
        try await CreditStore.setReservedAmount(of: amended.orderId, to: amended.total, at: context.now, on: connection)
        context.logger.info(
            "reservation adjusted by amendment",
            metadata: ["order.id": "\(amended.orderId)", "amendment.id": "\(amended.amendmentId)", "amount": "\(amended.total)"])
    }
}
