import Foundation
import O2CContracts
import O2CMessaging
import O2CSaga

extension ReturnSagaHost {
    /// What the saga hears from warehouse-dispatch and finance-collections (correlated by return id).
    var handlers: [MessageHandler] {
        [
            on(ReturnNoteIssued.self, \.returnId) { .returnNoteIssued(noteId: $0.returnNoteId) },
            on(ReturnDiscrepancyFound.self, \.returnId) { _ in .discrepancyFound },
            on(ReturnReceived.self, \.returnId) { .received(lines: $0.lines, at: $0.receivedAt) },
            on(ReplacementDispatched.self, \.returnId) { .replacementDispatched(noteId: $0.dispatchNoteId, at: $0.dispatchedAt) },
            on(ReplacementDelivered.self, \.returnId) { .replacementDelivered(at: $0.deliveredAt) },
            on(CreditNoteIssued.self, \.returnId) {
                .creditNoteIssued(creditNoteId: $0.creditNoteId, amount: $0.amount, offset: $0.offset, refunded: $0.refunded)
            },
        ]
    }

    /// Through `apply`, so that each step the warehouse or finance reports is kept in the return's history.
    private func on<E: EventContract>(
        _ type: E.Type, _ returnId: @escaping @Sendable (E) -> String, _ event: @escaping @Sendable (E) -> Saga.Event
    ) -> MessageHandler {
        MessageHandler.on(type) { message, context in
            try await apply(
                event(message), eventID: context.message.messageID, to: returnId(message), causationID: context.message.messageID,
                on: context.connection, at: context.now)
        }
    }
}
