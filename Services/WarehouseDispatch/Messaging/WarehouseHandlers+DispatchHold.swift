import Foundation
import Logging
import O2CContracts
import O2CMessaging

/// The point of no return (CONTRACT.md "Changes to an order"): an approved change request asks for a hold on
/// the order's sale note before anything changes. Under the stock lock and the note's row lock — the locks
/// the gate release takes — the warehouse answers either that the goods left (`already_dispatched`, nothing
/// held) or that they have not and the note is now held, so they cannot leave until the change is decided.
extension WarehouseHandlers {
    static func dispatchHoldRequested(_ request: DispatchHoldRequested, context: MessageContext) async throws {
        let connection = context.connection
        try await StockStore.lock(on: connection)
        let note = try await DispatchNoteStore.find(orderId: request.orderId, lock: true, on: connection)
        let metadata: Logger.Metadata = ["order.id": "\(request.orderId)", "request.id": "\(request.requestId)"]
        if let note, note.status.hasLeft {
            let noteId = note.id
            let dispatchedAt = try await DispatchNoteStore.dispatchedAt(noteId: noteId, on: connection)
            context.logger.notice("change request refused: the goods already left", metadata: metadata)
            let refused = DispatchHoldRefused(
                orderId: request.orderId, requestId: request.requestId, dispatchNoteId: noteId, code: "already_dispatched",
                reason: "the goods of order \(request.orderId) left through the gate (dispatch note \(noteId)); only a return applies now",
                dispatchedAt: dispatchedAt)
            try await context.outbox.enqueue([try context.event(refused, correlationID: request.orderId)], on: connection)
        } else {
            try await DispatchHoldStore.hold(
                requestId: request.requestId, orderId: request.orderId, kind: request.kind, note: note, by: .system, at: context.now,
                on: connection)
            context.logger.notice("dispatch note held for a change request", metadata: metadata)
            let held = DispatchHeld(
                orderId: request.orderId, requestId: request.requestId, dispatchNoteId: note?.id, noteStatus: note?.status.rawValue,
                heldAt: context.now)
            try await context.outbox.enqueue([try context.event(held, correlationID: request.orderId)], on: connection)
        }
    }

    static func dispatchHoldReleaseRequested(_ release: DispatchHoldReleaseRequested, context: MessageContext) async throws {
        let lifted = try await DispatchHoldStore.release(
            requestId: release.requestId, reason: "change request \(release.outcome)", by: .system, at: context.now, on: context.connection)
        context.logger.info(
            lifted ? "hold lifted" : "no hold to lift", metadata: ["order.id": "\(release.orderId)", "request.id": "\(release.requestId)"])
    }
}
