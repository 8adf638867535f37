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
        guard let row = try await ReturnStore.record(id, on: connection), let instance = try await host.load(id, on: connection) else {
            return nil
        }
        let machine = instance.machine
        let priced = try await ReturnStore.lines(id, on: connection).map { line in
            Line(
                sku: line.sku, quantity: line.quantity, receivedQuantity: line.receivedQuantity, unitPrice: line.unitPrice,
                amount: try line.unitPrice.times(line.receivedQuantity ?? line.quantity))
        }
        let history = try await ReturnStore.history(id, on: connection)
        let facts = machine.facts
        return ReturnView(
            id: id, orderId: row.orderId, customerId: row.customerId, kind: row.kind, status: row.status, reason: row.reason, lines: priced,
            amount: try priced.sum(\.amount), returnNoteId: facts.returnNote?.id,
            creditNote: facts.creditNote.map { CreditNote(id: $0.id, amount: $0.amount, offset: $0.offset, refunded: $0.refunded) },
            replacement: machine.request.kind == .exchange && facts.receivedAt != nil
                ? Replacement(
                    lines: machine.receivedLines, dispatchNoteId: facts.replacementDispatch?.id,
                    dispatchedAt: facts.replacementDispatch?.at,
                    deliveredAt: facts.replacementDeliveredAt)
                : nil,
            requestedBy: row.createdBy, requestedAt: row.createdAt,
            history: history.map { Step(action: $0.action, status: $0.status, comment: $0.comment, by: $0.by, role: $0.role, at: $0.at) },
            saga: Saga(
                state: machine.stateName, steps: machine.steps, awaiting: machine.awaiting, nextDeadline: instance.nextDeadline,
                overdueSince: instance.overdueSince))
    }
}
