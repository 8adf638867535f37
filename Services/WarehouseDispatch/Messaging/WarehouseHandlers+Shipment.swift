import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// The saga's commands to the warehouse. Both are idempotent in effect (one note per order; a
/// cancellation may come twice or before the request) and run inside the inbox transaction.
enum ShipmentHandlers {
    static func all() -> [MessageHandler] {
        [
            MessageHandler.on(ShipmentRequested.self) { request, context in
                let connection = context.connection
                try await StockStore.lock(on: connection)
                if try await isTombstoned(request.orderId, on: connection) {
                    context.logger.notice("shipment requested for a cancelled order: ignored", metadata: ["order.id": "\(request.orderId)"])
                    return
                }
                if try await DispatchNoteStore.find(orderId: request.orderId, on: connection) != nil {
                    context.logger.info("shipment already requested: no second note", metadata: ["order.id": "\(request.orderId)"])
                    return
                }
                guard !request.lines.isEmpty, request.lines.allSatisfy({ $0.quantity > 0 && !$0.sku.isEmpty }) else {
                    throw MessagingError.undecodable("shipment request \(request.orderId) has no lines or a line without a positive quantity")
                }
                if let issued = try await ShipmentScheduling.schedule(request, by: .system, at: context.now, on: connection) {
                    try await context.send([try context.event(issued, correlationID: request.orderId)])
                } else {
                    context.logger.notice("stock short: shipment backordered", metadata: ["order.id": "\(request.orderId)"])
                }
            },
            MessageHandler.on(ShipmentCancellationRequested.self) { request, context in
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
                        try await DispatchNoteStore.move(note, to: .cancelled, detail: "order cancelled", by: .system, at: context.now, on: connection)
                    }
                    try await DispatchHoldStore.releaseAll(
                        orderId: request.orderId, reason: "order cancelled", by: .system, at: context.now, on: connection)
                } else {
                    try await connection.query("""
                        insert into cancelled_orders (order_id, message_id, recorded_by, recorded_role, recorded_at)
                        values ($1, $2, $3, $4, $5) on conflict (order_id) do nothing
                        """, [request.orderId, context.message.messageID, Author.system.subject, Author.system.role, context.now])
                    try await DispatchHoldStore.releaseAll(
                        orderId: request.orderId, reason: "order cancelled", by: .system, at: context.now, on: connection)
                }
                try await context.send([try context.event(ShipmentCancelled(orderId: request.orderId), correlationID: request.orderId)])
            },
        ]
    }

    private static func isTombstoned(_ orderId: String, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("select 1 from cancelled_orders where order_id = $1", [orderId]).first != nil
    }
}
