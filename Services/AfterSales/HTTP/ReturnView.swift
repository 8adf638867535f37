import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CSaga

/// A return as `GET /v1/returns/{id}` shows it: its lines priced (received quantities once received),
/// the credit note or the replacement, the history of every step, and the saga's steps with times.
struct ReturnView: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        var sku: String
        var quantity: Int
        var receivedQuantity: Int?
        var unitPrice: Money
        var amount: Money
    }
    struct CreditNote: Encodable, Sendable {
        var id: String
        var amount: Money
        var offset: Money
        var refunded: Money
    }
    struct Replacement: Encodable, Sendable {
        var lines: [ReturnLine]
        var dispatchNoteId: String?
        var dispatchedAt: Date?
        var deliveredAt: Date?
    }
    struct Step: Encodable, Sendable {
        var action: String
        var status: String
        var comment: String?
        var by: String
        var role: String
        var at: Date
    }
    struct Saga: Encodable, Sendable {
        var state: String
        var steps: [SagaStep]
        var awaiting: [String]
        var nextDeadline: Date?
        var overdueSince: Date?
    }

    var id: String
    var orderId: String
    var customerId: String
    var kind: String
    var status: String
    var reason: String
    var lines: [Line]
    /// What is credited: received quantity × unit price once received, else the requested quantities.
    var amount: Money
    var returnNoteId: String?
    var creditNote: CreditNote?
    var replacement: Replacement?
    var requestedBy: String
    var requestedAt: Date
    var history: [Step]
    var saga: Saga

    static func load(_ id: String, host: ReturnSagaHost, on connection: PostgresConnection) async throws -> ReturnView? {
        let result = try await connection.query(
            "select order_id, customer_id, kind, status, reason, created_by, created_at from returns where id = $1", [id])
        guard let row = result.rows.first, let instance = try await host.load(id, on: connection) else { return nil }
        let machine = instance.machine
        let lines = try await connection.query(
            "select sku, quantity, received_quantity, unit_price from return_lines where return_id = $1 order by sku", [id])
        let priced = try lines.rows.map { line in
            let price = Money(minorUnits: try line.int64("unit_price"))
            let quantity = try line.int("quantity")
            let received = try line.optionalInt("received_quantity")
            return Line(sku: try line.string("sku"), quantity: quantity, receivedQuantity: received, unitPrice: price,
                        amount: try price.times(received ?? quantity))
        }
        let history = try await connection.query(
            """
            select action, status, comment, changed_by, changed_role, changed_at from return_history where return_id = $1 order by id
            """, [id])
        let facts = machine.facts
        return ReturnView(
            id: id, orderId: try row.string("order_id"), customerId: try row.string("customer_id"), kind: try row.string("kind"),
            status: try row.string("status"), reason: try row.string("reason"), lines: priced,
            amount: try priced.sum(\.amount), returnNoteId: facts.returnNote?.id,
            creditNote: facts.creditNote.map { CreditNote(id: $0.id, amount: $0.amount, offset: $0.offset, refunded: $0.refunded) },
            replacement: machine.request.kind == .exchange && facts.receivedAt != nil
                ? Replacement(
                    lines: machine.receivedLines, dispatchNoteId: facts.replacementDispatch?.id, dispatchedAt: facts.replacementDispatch?.at,
                    deliveredAt: facts.replacementDeliveredAt)
                : nil,
            requestedBy: try row.string("created_by"), requestedAt: try row.date("created_at"),
            history: try history.rows.map {
                Step(action: try $0.string("action"), status: try $0.string("status"), comment: $0.optionalString("comment"),
                     by: try $0.string("changed_by"), role: try $0.string("changed_role"), at: try $0.date("changed_at"))
            },
            saga: Saga(state: machine.stateName, steps: machine.steps, awaiting: machine.awaiting, nextDeadline: instance.nextDeadline,
                       overdueSince: instance.overdueSince))
    }
}
