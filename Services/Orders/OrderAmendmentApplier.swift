import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import O2CSaga

/// Makes an approved change request take effect (DOMAIN.md "Order amendments"): a cancellation
/// goes to the saga (release credit and stock, refund the deposit less the penalty); a new buyer
/// name or payment method is written to the order; new lines or prices re-price the order and its saga
/// and go out as `orders.order_amended.v1`, on which credit adjusts the reservation, finance re-prices a
/// deposit invoice nothing was paid on, and warehouse changes a dispatch note not yet handed over.
///
/// New lines that raise the total of an order whose credit is reserved are checked by credit first
/// (CONTRACT.md "Changes to an order"): the request goes to `applying` and `orders.amendment_credit_requested.v1`
/// goes out, nothing is re-priced; on `credit.amendment_reserved.v1` the amendment is applied as above and the
/// request is `applied`; on `credit.amendment_refused.v1` it is `rejected` with credit's code and nothing moves
/// (`AmendmentCreditHandlers`).
struct OrderAmendmentApplier {
    var host: OrderSagaHost

    /// Whether the goods have left (after dispatch only returns apply); a finished order takes no change.
    func isDispatched(_ order: OrderRecord, on connection: PostgresConnection) async throws -> Bool {
        guard order.status == "in_progress" || order.status == "awaiting_confirmation" else {
            throw Problem.invalidState("order \(order.id) is \(order.status); it can no longer be changed")
        }
        guard let saga = try await host.sagaView(orderId: order.id, on: connection) else { return false }
        if saga.finished { throw Problem.invalidState("order \(order.id) is \(saga.state); it can no longer be changed") }
        return saga.steps.isDone("dispatched")
    }

    /// Applies an approved request; one that must wait for credit leaves with `request.status` `applying`.
    func apply(_ request: inout OrderRequest, approvedBy actor: Actor, at now: Date, on connection: PostgresConnection) async throws {
        var order = try await OrderRecord.load(request.orderId, lock: true, on: connection)
        if try await isDispatched(order, on: connection) {
            throw Problem.invalidState("order \(order.id) has been dispatched; only a return applies now")
        }
        switch request.kind {
        case .cancel:
            let reason = request.details.reason ?? "cancelled on request \(request.id)"
            if order.status == "awaiting_confirmation" {
                // Never confirmed: no saga, nothing reserved; the order simply ends.
                order.status = "cancelled"
                try await order.update(by: actor, at: now, on: connection)
            } else {
                // Finance refunds the deposit on the general_manager's approval (DOMAIN.md "Invoices, receipts and the
                // customer's account"): name the one who gave it, whoever approved last.
                let refundApprover = request.approval.approvals.first { $0.role == .generalManager }
                    .map { Actor(subject: $0.userId, role: $0.role.rawValue) } ?? actor
                try await host.approveCancellation(
                    orderId: order.id, reason: reason, penalty: request.details.penalty ?? .zero, approvedBy: refundApprover,
                    on: connection, at: now)
            }
        case .buyerName:
            order.buyerName = request.details.buyerName ?? order.buyerName
            try await order.update(by: actor, at: now, on: connection)
        case .paymentMethod:
            order.paymentMethod = request.details.paymentMethod ?? order.paymentMethod
            try await order.update(by: actor, at: now, on: connection)
        case .lineItem, .price:
            if try await needsCredit(order, request, on: connection) {
                try await askCredit(order, request, on: connection)
                request.status = "applying"
            } else {
                try await reprice(&order, request, approvedBy: actor, at: now, on: connection)
            }
        }
    }

    /// Credit agreed to an amendment's higher total: the request waiting in `applying` is applied, unless the
    /// order moved on meanwhile (dispatched, cancelled, a deposit paid above the new total), which rejects it.
    func applyCredited(_ request: inout OrderRequest, approvedBy actor: Actor, at now: Date, on connection: PostgresConnection) async throws {
        var order = try await OrderRecord.load(request.orderId, lock: true, on: connection)
        do {
            if try await isDispatched(order, on: connection) {
                request.status = "rejected"
                request.rejection = .init(code: "already_dispatched", reason: "order \(order.id) was dispatched while credit decided")
                return
            }
            try await reprice(&order, request, approvedBy: actor, at: now, on: connection)
            request.status = "applied"
        } catch let problem as Problem {
            request.status = "rejected"
            request.rejection = .init(code: problem.code, reason: problem.detail)
        }
    }

    /// New lines above the current total of an order whose credit is reserved (before the reservation, credit
    /// reserves the amended total anyway, against the limit).
    private func needsCredit(_ order: OrderRecord, _ request: OrderRequest, on connection: PostgresConnection) async throws -> Bool {
        guard let lines = request.details.lines, !lines.isEmpty else { return false }
        let total = try applyingRule { () throws(RuleViolation) in try lines.total(field: "lines") }
        guard total > order.total, let saga = try await host.machine(orderId: order.id, on: connection) else { return false }
        return saga.facts.creditReservedAt != nil && saga.facts.cancellation == nil && !saga.isFinished
    }

    private func askCredit(_ order: OrderRecord, _ request: OrderRequest, on connection: PostgresConnection) async throws {
        guard let lines = request.details.lines else { return }
        let total = try applyingRule { () throws(RuleViolation) in try lines.total(field: "lines") }
        let asked = AmendmentCreditRequested(
            orderId: order.id, customerId: order.customerId, amendmentId: request.id, total: total, previousTotal: order.total)
        try await Outbox(schema: host.schema).enqueue([try OutgoingMessage.event(asked, correlationID: order.id, causationID: nil)], on: connection)
    }

    /// New lines replace the order's; the total follows. A total below a deposit already paid is refused
    /// (the customer would be owed money on an open order: cancel or return instead).
    private func reprice(
        _ order: inout OrderRecord, _ request: OrderRequest, approvedBy actor: Actor, at now: Date, on connection: PostgresConnection
    ) async throws {
        guard let lines = request.details.lines, !lines.isEmpty else { throw Problem.invalidState("request \(request.id) names no lines") }
        let total = try applyingRule { () throws(RuleViolation) in try lines.total(field: "lines") }
        let saga = try await host.machine(orderId: order.id, on: connection)
        if let saga, saga.facts.depositPaidAt != nil, let deposit = saga.depositAmount, total < deposit {
            throw Problem.invalidState(
                "the amended total \(total) is below the deposit of \(deposit) already paid on order \(order.id); cancel the order or return goods instead")
        }
        try await connection.query(
            """
            insert into order_line_changes (request_id, order_id, previous_lines, previous_total, lines, total, created_by, created_role, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            [request.id, order.id, try StoredJSON.encode(order.lines), order.total.minorUnits, try StoredJSON.encode(lines),
             total.minorUnits, actor.subject, actor.role, now])
        try await connection.query(
            "update orders set lines = $2, total = $3, updated_by = $4, updated_role = $5, updated_at = $6 where id = $1",
            [order.id, try StoredJSON.encode(lines), total.minorUnits, actor.subject, actor.role, now])
        let previousTotal = order.total
        order.lines = lines
        order.total = total
        guard saga != nil else { return }  // a phone/fax order not confirmed yet: nothing runs on it
        try await host.amend(
            OrderAmended(
                orderId: order.id, customerId: order.customerId, amendmentId: request.id, kind: request.kind.rawValue, lines: lines,
                total: total, previousTotal: previousTotal, approvedBy: actor.subject, amendedAt: now),
            by: actor, on: connection)
    }
}
