import Foundation
import O2CContracts
import O2CMessaging

/// The events a note's steps announce, built once for the routes, stores and handlers that send them.
enum WarehouseMessages {
    /// The order saga hears of a sale note being issued; a replacement note is the return saga's, which
    /// hears of it only when it leaves (`warehouse.replacement_dispatched.v1`).
    static func issued(_ note: DispatchNote) throws -> [OutgoingMessage] {
        guard note.kind == .sale else { return [] }
        return [
            try OutgoingMessage.event(
                DispatchNoteIssued(dispatchNoteId: note.id, orderId: note.orderId), correlationID: note.orderId, causationID: nil)
        ]
    }

    /// The goods left through the gate: the order saga hears it with the waybill's carrier and freight; an
    /// exchange's goods (no freight invoice, the order saga not involved) the return saga.
    static func dispatched(
        _ note: DispatchNote, carrier: String, totalFreight: Money, at now: Date
    ) throws -> OutgoingMessage {
        if note.kind == .replacement {
            let event = ReplacementDispatched(
                dispatchNoteId: note.id, returnId: note.returnId ?? "", orderId: note.orderId, dispatchedAt: now)
            return try .event(event, correlationID: note.correlationID, causationID: nil)
        }
        let event = ShipmentDispatched(
            dispatchNoteId: note.id, orderId: note.orderId, customerId: note.customerId, dispatchedAt: now,
            carrier: carrier, totalFreight: totalFreight)
        return try .event(event, correlationID: note.orderId, causationID: nil)
    }

    /// The customer signed for what was picked: the order saga hears it for a sale note, the return saga
    /// for an exchange's replacement.
    static func delivered(_ note: DispatchNote, signedAt: Date, signedBy: String) throws -> OutgoingMessage {
        if note.kind == .replacement {
            let event = ReplacementDelivered(
                dispatchNoteId: note.id, returnId: note.returnId ?? "", orderId: note.orderId, deliveredAt: signedAt)
            return try .event(event, correlationID: note.correlationID, causationID: nil)
        }
        let event = DeliveryConfirmed(
            dispatchNoteId: note.id, orderId: note.orderId, deliveredAt: signedAt, signedBy: signedBy, lines: note.picked.countedLines)
        return try .event(event, correlationID: note.orderId, causationID: nil)
    }
}
