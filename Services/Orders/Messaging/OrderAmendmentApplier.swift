import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CSaga

/// Carries a change request through `ChangeRequestFlow` (CONTRACT.md "Changes to an order"; DOMAIN.md "Order
/// amendments") and makes it take effect.
///
/// At the last approval of a request on a running order, warehouse-dispatch is asked to hold the dispatch
/// note (`orders.dispatch_hold_requested.v1`) and the saga waits (`change_pending`); nothing else moves. On
/// `warehouse.dispatch_held.v1` the goods have not left and cannot until the hold is lifted, so the change is
/// applied: a cancellation goes to the saga (release credit and stock, refund the deposit less the penalty); a
/// new buyer name or payment method is written to the order; new lines or prices re-price the order and its
/// saga and go out as `orders.order_amended.v1`, on which credit adjusts the reservation, finance re-prices a
/// deposit invoice nothing was paid on, and the warehouse changes the note (undoing a pick or a hand-over) and
/// lifts the hold. New lines that raise the total of an order whose credit is reserved are first checked by
/// credit (`orders.amendment_credit_requested.v1`, `OrdersHandlers+ChangeRequests`). On
/// `warehouse.dispatch_hold_refused.v1` the goods left: the request ends `rejected` `already_dispatched` and
/// nothing else changes. Each step runs in the transaction that took the decision or the answer.
struct OrderAmendmentApplier {
    var host: OrderSagaHost
    /// The outbox of the transaction that took the decision or the answer.
    var outbox: Outbox
    var logger: Logger

    /// What one step works on: the request's order and its saga (nil before the order started), each locked and
    /// loaded once for the step. The saga is read as it was when the step began; what the step changes in it goes
    /// through the host.
    private struct Subject {
        var order: OrderRecord
        var saga: OrderToCashSaga?
        var started: Bool { saga != nil }
    }

    private func subject(of request: OrderRequest, on connection: PostgresConnection) async throws -> Subject {
        Subject(
            order: try await OrderStore.load(request.orderId, lock: true, on: connection),
            saga: try await host.machine(orderId: request.orderId, on: connection))
    }

    /// Whether the goods have left as far as the saga knows (after dispatch only returns apply); a finished
    /// order takes no change. The warehouse has the last word (`held`).
    func isDispatched(_ order: OrderRecord, on connection: PostgresConnection) async throws -> Bool {
        try Self.isDispatched(order, saga: try await host.machine(orderId: order.id, on: connection))
    }

    private static func isDispatched(_ order: OrderRecord, saga: OrderToCashSaga?) throws -> Bool {
        guard order.status.isOpen else {
            throw RuleViolation.invalidState("order \(order.id) is \(order.status.rawValue); it can no longer be changed")
        }
        guard let saga else { return false }
        if saga.isFinished { throw RuleViolation.invalidState("order \(order.id) is \(saga.stateName); it can no longer be changed") }
        return saga.facts.dispatchedAt != nil
    }

    /// The last approval: an order that never started takes the change at once; a running one has its
    /// dispatch note held first (the request goes to `applying`, waiting for the warehouse).
    func approved(_ request: inout OrderRequest, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        let subject = try await subject(of: request, on: connection)
        if try Self.isDispatched(subject.order, saga: subject.saga) {
            throw RuleViolation.invalidState("order \(subject.order.id) has been dispatched; only a return applies now")
        }
        try checkApplicable(request, subject, at: now)
        try await run(.approved(orderStarted: subject.started), &request, subject, by: actor, at: now, on: connection)
    }

    /// warehouse-dispatch holds the note: the goods are inside and stay there until the change is decided.
    func held(_ request: inout OrderRequest, at now: Date, on connection: PostgresConnection) async throws {
        let subject = try await subject(of: request, on: connection)
        let input: ChangeRequestFlow.Input =
            if let movedOn = try movedOn(request, subject, at: now) {
                .orderMovedOn(code: movedOn.code, reason: movedOn.reason)
            } else {
                .held(needsCredit: try needsCredit(request, subject))
            }
        try await run(input, &request, subject, by: lastApprover(of: request), at: now, on: connection)
    }

    /// The goods left before the hold: the request is rejected with the warehouse's code and nothing moves.
    func holdRefused(
        _ request: inout OrderRequest, code: String, reason: String, at now: Date, on connection: PostgresConnection
    ) async throws {
        let subject = try await subject(of: request, on: connection)
        try await run(.holdRefused(code: code, reason: reason), &request, subject, by: .system, at: now, on: connection)
    }

    /// Credit took the higher total: the held change is applied, unless the order moved on meanwhile.
    func credited(_ request: inout OrderRequest, at now: Date, on connection: PostgresConnection) async throws {
        let subject = try await subject(of: request, on: connection)
        let input: ChangeRequestFlow.Input =
            try movedOn(request, subject, at: now).map { .orderMovedOn(code: $0.code, reason: $0.reason) }
            ?? .creditGranted
        try await run(input, &request, subject, by: lastApprover(of: request), at: now, on: connection)
    }

    /// Credit refused the higher total: rejected with its code, the hold lifted, nothing re-priced.
    func creditRefused(
        _ request: inout OrderRequest, code: String, reason: String, at now: Date, on connection: PostgresConnection
    ) async throws {
        let subject = try await subject(of: request, on: connection)
        try await run(.creditRefused(code: code, reason: reason), &request, subject, by: .system, at: now, on: connection)
    }

    // MARK: - The flow's effects

    private func run(
        _ input: ChangeRequestFlow.Input, _ request: inout OrderRequest, _ subject: Subject, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        var flow = request.flow
        guard let effects = flow.take(input) else {
            logger.info("change request answer ignored", metadata: ["request.id": "\(request.id)", "status": "\(request.status.rawValue)"])
            return
        }
        request.flow = flow
        for effect in effects {
            switch effect {
            case .requestHold:
                try await host.changeRequested(request.id, orderId: request.orderId, by: actor, on: connection, at: now)
                try await send(
                    DispatchHoldRequested(orderId: request.orderId, requestId: request.id, kind: request.kind.rawValue), request,
                    on: connection)
            case .askCredit:
                try await askCredit(request, subject.order, on: connection)
            case .apply:
                try await apply(request, subject, approvedBy: actor, at: now, on: connection)
                if subject.started && !liftsHoldItself(request, subject) {
                    try await send(
                        DispatchHoldReleaseRequested(
                            orderId: request.orderId, requestId: request.id, outcome: ChangeRequestFlow.Status.applied.rawValue), request,
                        on: connection)
                }
            case .releaseHold:
                try await send(
                    DispatchHoldReleaseRequested(orderId: request.orderId, requestId: request.id, outcome: request.status.rawValue),
                    request,
                    on: connection)
            }
        }
        if subject.started && (request.status == .applied || request.status == .rejected) {
            try await host.changeSettled(request.id, orderId: request.orderId, by: actor, on: connection, at: now)
        }
        try await OrderRequestStore.update(request, by: actor, at: now, on: connection)
    }

    /// Whether the applied change reaches the warehouse, which then lifts the hold in the same step: new lines or
    /// prices (`orders.order_amended.v1`), and a cancellation of a requested shipment. Lifting it with a separate
    /// message there could let the goods out between the two. Otherwise (a buyer name, a payment method, a
    /// cancellation before any shipment was asked for) orders lifts it. (A cancellation asks for no shipment, so
    /// the saga as the step began tells.)
    private func liftsHoldItself(_ request: OrderRequest, _ subject: Subject) -> Bool {
        switch request.kind {
        case .lineItem, .price: true
        case .buyerName, .paymentMethod: false
        case .cancel: subject.saga?.sent.contains(.requestShipment) ?? false
        }
    }

    private func send<E: EventContract>(_ event: E, _ request: OrderRequest, on connection: PostgresConnection) async throws {
        try await outbox.enqueue([try OutgoingMessage.event(event, correlationID: request.orderId, causationID: nil)], on: connection)
    }

    /// Why a held request can no longer apply — the order was cancelled or finished meanwhile, or the change
    /// cannot be made any more (`checkApplicable`, e.g. a deposit paid above the new total) — or nil.
    private func movedOn(_ request: OrderRequest, _ subject: Subject, at now: Date) throws -> ChangeRequestFlow.Rejection? {
        let order = subject.order
        guard order.status.isOpen else {
            return .init(code: "invalid_state", reason: "order \(order.id) is \(order.status.rawValue); the change no longer applies")
        }
        if let saga = subject.saga, saga.isFinished || saga.facts.cancellation != nil {
            return .init(code: "invalid_state", reason: "order \(order.id) is \(saga.stateName); the change no longer applies")
        }
        do {
            try checkApplicable(request, subject, at: now)
        } catch let violation as RuleViolation {
            return .init(code: violation.code.rawValue, reason: violation.detail)
        }
        return nil
    }

    /// Who gave the last approval (the request was last written at its last approval while applying).
    private func lastApprover(of request: OrderRequest) -> Author {
        guard let last = request.approval.approvals.last else { return .system }
        return Author(subject: last.userId, role: last.role.rawValue)
    }

    /// Refuses, before anything is written, a change that cannot be made: new lines whose total is below a deposit
    /// already paid (the customer would be owed money on an open order: cancel or return instead), or beyond the
    /// bounds of the saga's amounts.
    private func checkApplicable(_ request: OrderRequest, _ subject: Subject, at now: Date) throws {
        guard request.kind == .lineItem || request.kind == .price else { return }
        guard let lines = request.details.lines, !lines.isEmpty else {
            throw RuleViolation.invalidState("request \(request.id) names no lines")
        }
        let total = try lines.total(field: "lines")
        guard let saga = subject.saga else { return }
        if saga.facts.depositPaidAt != nil, let deposit = saga.depositAmount, total < deposit {
            throw RuleViolation.invalidState(
                "the amended total \(total) is below the deposit of \(deposit) already paid on order \(request.orderId); cancel the order or return goods instead"
            )
        }
        try saga.check(.amended(amendmentId: request.id, lines: lines, total: total), at: now)
    }

    /// Makes the change.
    private func apply(
        _ request: OrderRequest, _ subject: Subject, approvedBy actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        var order = subject.order
        switch request.kind {
        case .cancel:
            let reason = request.details.reason ?? "cancelled on request \(request.id)"
            if order.status == .awaitingConfirmation {
                // Never confirmed: no saga, nothing reserved; the order simply ends.
                order.status = .cancelled
                try await OrderStore.update(order, by: actor, at: now, on: connection)
            } else {
                // Finance refunds the deposit on the general_manager's approval (DOMAIN.md "Invoices, receipts and the
                // customer's account"): name the one who gave it, whoever approved last.
                let refundApprover =
                    request.approval.approvals.first { $0.role == .generalManager }
                    .map { Author(subject: $0.userId, role: $0.role.rawValue) } ?? actor
                try await host.approveCancellation(
                    orderId: order.id, reason: reason, penalty: request.details.penalty ?? .zero, approvedBy: refundApprover,
                    on: connection, at: now)
            }
        case .buyerName:
            order.buyerName = request.details.buyerName ?? order.buyerName
            try await OrderStore.update(order, by: actor, at: now, on: connection)
        case .paymentMethod:
            order.paymentMethod = request.details.paymentMethod ?? order.paymentMethod
            try await OrderStore.update(order, by: actor, at: now, on: connection)
        case .lineItem, .price:
            try await reprice(&order, request, started: subject.started, approvedBy: actor, at: now, on: connection)
        }
    }

    /// New lines above the current total of an order whose credit is reserved (before the reservation, credit
    /// reserves the amended total anyway, against the limit).
    private func needsCredit(_ request: OrderRequest, _ subject: Subject) throws -> Bool {
        guard request.kind == .lineItem || request.kind == .price, let lines = request.details.lines, !lines.isEmpty else { return false }
        let total = try lines.total(field: "lines")
        guard total > subject.order.total, let saga = subject.saga else { return false }
        return saga.facts.creditReservedAt != nil && saga.facts.cancellation == nil && !saga.isFinished
    }

    private func askCredit(_ request: OrderRequest, _ order: OrderRecord, on connection: PostgresConnection) async throws {
        guard let lines = request.details.lines else { return }
        let total = try lines.total(field: "lines")
        try await send(
            AmendmentCreditRequested(
                orderId: order.id, customerId: order.customerId, amendmentId: request.id, total: total, previousTotal: order.total),
            request, on: connection)
    }

    /// New lines replace the order's; the total follows (`checkApplicable` has refused what cannot be).
    private func reprice(
        _ order: inout OrderRecord, _ request: OrderRequest, started: Bool, approvedBy actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        guard let lines = request.details.lines, !lines.isEmpty else {
            throw RuleViolation.invalidState("request \(request.id) names no lines")
        }
        let total = try lines.total(field: "lines")
        try await OrderStore.replaceLines(of: order, with: lines, total: total, request: request.id, by: actor, at: now, on: connection)
        let previousTotal = order.total
        order.lines = lines
        order.total = total
        guard started else { return }  // a phone/fax order not confirmed yet
        try await host.amend(
            OrderAmended(
                orderId: order.id, customerId: order.customerId, amendmentId: request.id, kind: request.kind.rawValue, lines: lines,
                total: total, previousTotal: previousTotal, approvedBy: actor.subject, amendedAt: now),
            by: actor, on: connection)
    }
}
