import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CSaga

extension ReturnSagaHost {
    /// Carries out the saga's commands as `aftersales.*` messages through the outbox (correlation id:
    /// the return's id).
    static func perform(
        _ commands: [Saga.Command], for saga: Saga, causationID: String?, outbox: Outbox, on connection: PostgresConnection
    ) async throws {
        let request = saga.request
        var messages: [OutgoingMessage] = []
        func send<E: EventContract>(_ event: E) throws {
            messages.append(try OutgoingMessage.event(event, correlationID: request.returnId, causationID: causationID))
        }
        for command in commands {
            switch command {
            case .announceRequested:
                try send(
                    ReturnRequested(
                        returnId: request.returnId, orderId: request.orderId, customerId: request.customerId, kind: request.kind.rawValue,
                        lines: request.lines, reason: request.reason, requestedBy: request.requestedBy))
            case .announceConfirmed(let by):
                try send(ReturnConfirmed(returnId: request.returnId, orderId: request.orderId, confirmedBy: by))
            case .announceInspected(let by, let notes):
                try send(ReturnInspected(returnId: request.returnId, orderId: request.orderId, inspectedBy: by, notes: notes))
            case .approveReturn(let lines, let approvedBy):
                try send(
                    ReturnApproved(
                        returnId: request.returnId, orderId: request.orderId, customerId: request.customerId, kind: request.kind.rawValue,
                        lines: lines, approvedBy: approvedBy))
            case .requestCreditNote(let lines, let amount):
                try send(
                    CreditNoteRequested(
                        returnId: request.returnId, orderId: request.orderId, customerId: request.customerId, lines: lines, amount: amount))
            case .requestReplacement(let lines):
                try send(
                    ReplacementRequested(
                        returnId: request.returnId, orderId: request.orderId, customerId: request.customerId,
                        customerName: request.customerName, lines: lines, deliveryAddress: request.deliveryAddress))
            case .close(let outcome, let reason):
                try send(
                    ReturnClosed(
                        returnId: request.returnId, orderId: request.orderId, customerId: request.customerId, outcome: outcome,
                        reason: reason))
            case .alertStepOverdue(let step, let dueAt):
                try send(ReturnStepOverdue(returnId: request.returnId, orderId: request.orderId, step: step, dueAt: dueAt))
            }
        }
        try await outbox.enqueue(messages, on: connection)
    }
}
