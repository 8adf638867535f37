import Foundation
import Logging
import O2CContracts
import O2CMessaging

/// The saga's commands to the warehouse. Both are idempotent in effect (one note per order; a
/// cancellation may come twice or before the request) and run inside the inbox transaction.
extension WarehouseHandlers {
    static func shipmentRequested(_ request: ShipmentRequested, context: MessageContext) async throws {
        let connection = context.connection
        try await StockStore.lock(on: connection)
        if try await CancelledOrderStore.contains(orderId: request.orderId, on: connection) {
            context.logger.notice("shipment requested for a cancelled order: ignored", metadata: ["order.id": "\(request.orderId)"])
            return
        }
        if try await DispatchNoteStore.find(orderId: request.orderId, on: connection) != nil {
            context.logger.info("shipment already requested: no second note", metadata: ["order.id": "\(request.orderId)"])
            return
        }
        guard !request.lines.isEmpty, request.lines.allSatisfy({ $0.quantity > 0 && !$0.sku.isEmpty }) else {
            throw RuleViolation.validation(
                "lines", "shipment request \(request.orderId) has no lines or a line without a positive quantity")
        }
        if let issued = try await DispatchNoteStore.schedule(request, by: .system, at: context.now, on: connection) {
            try await context.outbox.enqueue([try context.event(issued, correlationID: request.orderId)], on: connection)
        } else {
            context.logger.notice("stock short: shipment backordered", metadata: ["order.id": "\(request.orderId)"])
        }
    }

    static func shipmentCancellationRequested(_ request: ShipmentCancellationRequested, context: MessageContext) async throws {
        let connection = context.connection
        try await StockStore.lock(on: connection)
        if let note = try await DispatchNoteStore.find(orderId: request.orderId, lock: true, on: connection) {
            if note.status.hasLeft {
                context.logger.warning(
                    "cancellation after dispatch refused: only a return applies",
                    metadata: ["order.id": "\(request.orderId)", "dispatch_note.id": "\(note.id)"])
                return
            }
            if note.status != .cancelled {
                try await StockStore.release(noteId: note.id, on: connection)
                try await DispatchNoteStore.move(
                    note, to: .cancelled, detail: "order cancelled", by: .system, at: context.now, on: connection)
            }
        } else {
            try await CancelledOrderStore.remember(
                orderId: request.orderId, messageId: context.message.messageID, by: .system, at: context.now, on: connection)
        }
        try await DispatchHoldStore.releaseAll(
            orderId: request.orderId, reason: "order cancelled", by: .system, at: context.now, on: connection)
        try await context.outbox.enqueue(
            [try context.event(ShipmentCancelled(orderId: request.orderId), correlationID: request.orderId)], on: connection)
    }
}
