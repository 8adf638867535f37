import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// An approved line-item or price amendment changes what the order reserves (DOMAIN.md "Order
/// amendments"; "Credit": exposure = open reserved orders + unpaid invoices). The amendment was approved
/// by people before it reached credit, so it is applied, not decided again; each one is kept with the
/// amount before and after.
///
/// An amendment that arrives before the order's reservation request (the broker may reorder) is kept
/// as not applied; `amendedAmount` then gives the reservation its amended total.
///
/// An amendment that raises the total of a reserved order is decided first (`orders.amendment_credit_requested.v1`,
/// `CreditAccount.amend`): against the limit and the holds, like a new order. Granted, the reservation takes the
/// new total at once and the adjustment is kept, so the `orders.order_amended.v1` that follows changes nothing
/// more; refused, nothing changes and the saga's host rejects the change request with the code.
enum CreditAmendmentHandler {
    static var handlers: [MessageHandler] { [handler, increase] }

    static var increase: MessageHandler {
        .on(AmendmentCreditRequested.self) { request, context in
            try await context.send([try decide(request, context: context)])
        }
    }

    /// Decides under the customer's profile row lock; a repeat of a granted increase answers the same.
    static func decide(_ request: AmendmentCreditRequested, context: MessageContext) async throws -> OutgoingMessage {
        let store = CreditStore(connection: context.connection)
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
        guard let profile = try await store.profile(request.customerId, lock: true) else {
            return try refused("no_credit_profile", "customer \(request.customerId) has no credit profile")
        }
        let reservation = try await store.reservation(request.orderId, lock: true)
        guard let reservation, reservation.status == .reserved else {
            return try refused("order_released", "nothing is reserved for order \(request.orderId) (released, refused or never reserved)")
        }
        let done = try await context.connection.query(
            "select 1 from credit_reservation_adjustments where amendment_id = $1 and applied", [request.amendmentId])
        if !done.rows.isEmpty { return reservedAnswer }

        var account = try await store.account(request.customerId)
        let refusal: RuleViolation?
        do {
            refusal = try account.amend(orderId: request.orderId, to: request.total, profile: profile)
        } catch {
            return try refused(error.code.rawValue, error.detail)
        }
        if let refusal { return try refused(refusal.code.rawValue, refusal.detail) }
        try await store.recordAdjustment(
            amendmentId: request.amendmentId, orderId: request.orderId, customerId: request.customerId,
            from: reservation.amount, to: request.total, applied: true, at: context.now)
        try await store.setReservedAmount(of: request.orderId, to: request.total, at: context.now)
        context.logger.info(
            "reservation raised by amendment",
            metadata: ["order.id": "\(request.orderId)", "amendment.id": "\(request.amendmentId)", "amount": "\(request.total)"])
        return reservedAnswer
    }

    static var handler: MessageHandler {
        .on(OrderAmended.self) { amended, context in
            let store = CreditStore(connection: context.connection)
            _ = try await store.profile(amended.customerId, lock: true)
            let reservation = try await store.reservation(amended.orderId, lock: true)
            let applies = reservation?.status == .reserved
            let recorded = try await store.recordAdjustment(
                amendmentId: amended.amendmentId, orderId: amended.orderId, customerId: amended.customerId,
                from: reservation?.amount, to: amended.total, applied: applies, at: context.now)
            guard recorded, applies else { return }
            try await store.setReservedAmount(of: amended.orderId, to: amended.total, at: context.now)
            context.logger.info(
                "reservation adjusted by amendment",
                metadata: ["order.id": "\(amended.orderId)", "amendment.id": "\(amended.amendmentId)", "amount": "\(amended.total)"])
        }
    }

    /// The total of the order's latest amendment that arrived before its reservation, if any.
    static func amendedAmount(of orderId: String, on connection: PostgresConnection) async throws -> Money? {
        let result = try await connection.query(
            "select amount from credit_reservation_adjustments where order_id = $1 order by created_at desc, amendment_id desc limit 1",
            [orderId])
        return try result.first.map { Money(minorUnits: try $0.int64("amount")) }
    }
}
