import Foundation
import O2CContracts

/// A dispatch note (发货通知单) as stored, with its lines.
struct DispatchNote: Sendable {
    struct Line: Sendable, Codable {
        var sku: String
        var quantity: Int
        var pickedQuantity: Int?
        /// For a return note: what the warehouse counted last.
        var countedQuantity: Int?
    }

    var id: String
    var kind: NoteKind = .sale
    /// The return or exchange a return or replacement note belongs to.
    var returnId: String?
    var orderId: String
    var customerId: String
    var customerName: String
    var deliveryAddress: String
    var shipBy: Date
    var status: DispatchStatus
    var lines: [Line]
    /// The carrier's user id recorded at hand-over (its waybill); nil before.
    var carrier: String? = nil
    /// The change request whose hold stops the note (`DispatchHold`); nil when none holds it.
    var heldFor: String? = nil

    /// What the note asks for (before any approved change).
    var ordered: PickList { PickList(stored: lines.map { ($0.sku, $0.quantity) }) }
    /// What was picked; empty before picking.
    var picked: PickList { PickList(stored: lines.map { ($0.sku, $0.pickedQuantity ?? 0) }) }
    /// The saga a note's messages belong to: the return's for return and replacement notes, else the order's.
    var correlationID: String { returnId ?? orderId }
    /// What the warehouse counted of a return; empty before a count.
    var counted: PickList { PickList(stored: lines.map { ($0.sku, $0.countedQuantity ?? 0) }) }
}
