import Foundation
import O2CContracts

/// A dispatch note as `GET /v1/dispatch-notes` shows it to the roles that work on it: the warehouse
/// sees the delivery address of the notes it handles (DOMAIN.md "Confidentiality"). A note carries no
/// prices. A carrier's view (`carrierView`) of its own notes keeps the delivery address it drives to but
/// not the customer's name (the consignee is on the waybill it signed).
struct DispatchNoteView: Codable, Sendable {
    var id: String
    /// `sale`, `return` (the reversing note of a return) or `replacement` (an exchange's goods).
    var kind: String
    var returnId: String?
    var orderId: String
    var status: String
    var lines: [DispatchNote.Line]
    var deliveryAddress: String
    var customerName: String?
    var shipBy: Date
    /// The carrier's user id recorded at hand-over; absent before.
    var carrier: String?
    /// The change request (a cancellation or amendment being applied) holding the note: pick, hand-over, gate
    /// pass and release answer 409 `change_pending` until it is decided. Absent when nothing holds it.
    var heldFor: String?

    init(_ note: DispatchNote) {
        id = note.id
        kind = note.kind.rawValue
        returnId = note.returnId
        orderId = note.orderId
        status = note.status.rawValue
        lines = note.lines
        deliveryAddress = note.deliveryAddress
        customerName = note.customerName
        shipBy = note.shipBy
        carrier = note.carrier
        heldFor = note.heldFor
    }

    /// What the carrier the note was handed to sees of it.
    static func carrierView(_ note: DispatchNote) -> DispatchNoteView {
        var view = DispatchNoteView(note)
        view.customerName = nil
        return view
    }

    /// The note as the answer to a change made by `actor`: the carrier's view when it acted as carrier.
    static func answer(_ note: DispatchNote, to actor: Author) -> DispatchNoteView {
        actor.role == Role.carrier.rawValue ? carrierView(note) : DispatchNoteView(note)
    }
}
