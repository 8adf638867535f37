import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Turning shipment requests into dispatch notes: reserve every line or none (DOMAIN.md "The
/// order-to-cash flow": no stock → backorder), and issue waiting backorders (sale or replacement notes)
/// when stock arrives.
/// Callers hold `StockStore.lock` for the transaction.
extension DispatchNoteStore {
    /// Records the request as a note: `issued` with its stock reserved, or `backordered` when stock is
    /// short. Returns the `warehouse.dispatch_note_issued.v1` event when it was issued.
    static func schedule(
        _ request: ShipmentRequested, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws -> DispatchNoteIssued? {
        let wanted = try PickList(request.lines.map { ($0.sku, $0.quantity) })
        let availability = try await StockStore.availability(for: wanted.skus, on: connection)
        let covered = availability.shortages(for: wanted).isEmpty
        let note = DispatchNote(
            id: "DN-" + UUID().uuidString.lowercased(), orderId: request.orderId, customerId: request.customerId,
            customerName: request.customerName, deliveryAddress: request.deliveryAddress, shipBy: request.shipBy,
            status: covered ? .issued : .backordered,
            lines: wanted.sortedLines.map { DispatchNote.Line(sku: $0.sku, quantity: $0.quantity, pickedQuantity: nil) })
        try await insert(note, by: actor, at: now, on: connection)
        guard covered else { return nil }
        try await StockStore.reserve(note, wanted, by: actor, at: now, on: connection)
        return DispatchNoteIssued(dispatchNoteId: note.id, orderId: note.orderId)
    }

    /// After a stock change: every backordered note the stock now covers, oldest first, is reserved and
    /// issued. A note that still cannot be covered is skipped, not allowed to block younger ones. Returns
    /// the messages that announce them (`WarehouseMessages.issued`).
    static func issueBackorders(by actor: Author, at now: Date, on connection: PostgresConnection) async throws -> [OutgoingMessage] {
        var messages: [OutgoingMessage] = []
        for note in try await open(lockedOldestFirst: .backordered, on: connection) {
            let availability = try await StockStore.availability(for: note.ordered.skus, on: connection)
            guard availability.shortages(for: note.ordered).isEmpty else { continue }
            try await StockStore.reserve(note, note.ordered, by: actor, at: now, on: connection)
            try await move(note, to: .issued, detail: "backorder covered by new stock", by: actor, at: now, on: connection)
            messages += try WarehouseMessages.issued(note)
        }
        return messages
    }
}
