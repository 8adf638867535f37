import Foundation
import Logging
import O2CContracts
import O2CMessaging

/// The return saga's commands to the warehouse (DOMAIN.md "After-sales and returns"): the reversing
/// outbound note (红字销售出库单) of an approved return, and the replacement note of an exchange. One note
/// per return and kind, however often the command comes; correlation ids are the return's id.
extension WarehouseHandlers {
    static func returnApproved(_ approved: ReturnApproved, context: MessageContext) async throws {
        let connection = context.connection
        try await StockStore.lock(on: connection)
        if try await DispatchNoteStore.find(returnId: approved.returnId, kind: .return, on: connection) != nil {
            context.logger.info("return note already issued", metadata: ["return.id": "\(approved.returnId)"])
            return
        }
        let listed = try returnLines(approved.lines, of: approved.returnId)
        let sale = try await DispatchNoteStore.find(orderId: approved.orderId, on: connection)
        let note = DispatchNote(
            id: "RN-" + UUID().uuidString.lowercased(), kind: .return, returnId: approved.returnId, orderId: approved.orderId,
            customerId: approved.customerId, customerName: sale?.customerName ?? "", deliveryAddress: sale?.deliveryAddress ?? "",
            shipBy: context.now, status: .issued,
            lines: listed.sortedLines.map { DispatchNote.Line(sku: $0.sku, quantity: $0.quantity) })
        try await DispatchNoteStore.insert(
            note, detail: "return \(approved.returnId) approved by \(approved.approvedBy)", by: .system, at: context.now, on: connection)
        let issued = ReturnNoteIssued(returnNoteId: note.id, returnId: approved.returnId, orderId: approved.orderId)
        try await context.outbox.enqueue([try context.event(issued, correlationID: approved.returnId)], on: connection)
    }

    static func replacementRequested(_ request: ReplacementRequested, context: MessageContext) async throws {
        let connection = context.connection
        try await StockStore.lock(on: connection)
        if try await DispatchNoteStore.find(returnId: request.returnId, kind: .replacement, on: connection) != nil {
            context.logger.info("replacement note already made", metadata: ["return.id": "\(request.returnId)"])
            return
        }
        let wanted = try returnLines(request.lines, of: request.returnId)
        let covered = try await StockStore.availability(for: wanted.skus, on: connection).shortages(for: wanted).isEmpty
        let note = DispatchNote(
            id: "DN-" + UUID().uuidString.lowercased(), kind: .replacement, returnId: request.returnId, orderId: request.orderId,
            customerId: request.customerId, customerName: request.customerName, deliveryAddress: request.deliveryAddress,
            shipBy: context.now, status: covered ? .issued : .backordered,
            lines: wanted.sortedLines.map { DispatchNote.Line(sku: $0.sku, quantity: $0.quantity) })
        try await DispatchNoteStore.insert(
            note, detail: "replacement for return \(request.returnId)", by: .system, at: context.now, on: connection)
        if covered {
            try await StockStore.reserve(note, wanted, by: .system, at: context.now, on: connection)
        } else {
            context.logger.notice("stock short: replacement backordered", metadata: ["return.id": "\(request.returnId)"])
        }
    }

    /// The lines as quantities per sku; a command without goods cannot be carried out and is refused (parked).
    private static func returnLines(_ lines: [ReturnLine], of returnId: String) throws(RuleViolation) -> PickList {
        guard !lines.isEmpty, lines.allSatisfy({ $0.quantity > 0 && !$0.sku.isEmpty }) else {
            throw .validation("lines", "return \(returnId) has no lines or a line without a positive quantity")
        }
        return try PickList(lines.map { ($0.sku, $0.quantity) })
    }
}
