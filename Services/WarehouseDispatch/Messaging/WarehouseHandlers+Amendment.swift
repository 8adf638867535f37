import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// An approved order amendment (DOMAIN.md "Order amendments") reaching the order's sale note, which its
/// change request holds (`dispatchHoldRequested`): before picking the note takes the amended quantities and
/// its reservation follows; picked, the picked goods go back to reserved and the note is picked again;
/// handed over but still inside the gate, the waybill is superseded and an unused gate pass voided as well,
/// and the note is picked and handed over again (`NoteAmendment`). Each change is made by `system` and names
/// the amendment; then the request's hold is lifted. Applied once per amendment id; with no note yet nothing
/// is remembered (the saga requests the shipment with the amended lines).
extension WarehouseHandlers {
    static func orderAmended(_ amendment: OrderAmended, context: MessageContext) async throws {
        let connection = context.connection
        try await StockStore.lock(on: connection)
        let metadata: Logger.Metadata = ["order.id": "\(amendment.orderId)", "amendment.id": "\(amendment.amendmentId)"]
        if try await OrderAmendmentStore.isApplied(amendment.amendmentId, on: connection) {
            context.logger.info("amendment already applied", metadata: metadata)
            return
        }
        let note = try await DispatchNoteStore.find(orderId: amendment.orderId, lock: true, on: connection)
        var outcome = "no dispatch note yet"
        if let note {
            let amended = try PickList(amendment.lines.map { ($0.sku, $0.quantity) })
            switch NoteAmendment.decide(status: note.status, ordered: note.ordered, amended: amended) {
            case .ignore(let reason):
                outcome = "ignored: \(reason)"
            case .replaceLines(let lines, let undo):
                var current = note
                if undo == .handover {
                    try await undoHandover(note, amendmentId: amendment.amendmentId, at: context.now, on: connection)
                    current.status = .picked
                }
                let status = try await replace(current, with: lines, amendmentId: amendment.amendmentId, at: context.now, on: connection)
                let undone =
                    switch undo {
                    case .nothing: ""
                    case .pick: "pick undone; "
                    case .handover: "hand-over and pick undone; "
                    }
                outcome = undone + "lines replaced; note \(status.rawValue)"
                if status == .issued, note.status == .backordered {
                    try await context.outbox.enqueue(try WarehouseMessages.issued(note), on: connection)
                }
            }
        }
        context.logger.notice("order amendment: \(outcome)", metadata: metadata)
        try await OrderAmendmentStore.record(
            amendmentId: amendment.amendmentId, orderId: amendment.orderId, noteId: note?.id, outcome: outcome, by: .system,
            at: context.now, on: connection)
        try await DispatchHoldStore.release(
            requestId: amendment.amendmentId, reason: "amendment applied: \(outcome)", by: .system, at: context.now, on: connection)
    }

    /// The goods go back from the carrier's dock: the waybill is kept as superseded, an unused gate pass is
    /// voided, and the note is `picked` again for `replace` to undo the pick.
    private static func undoHandover(
        _ note: DispatchNote, amendmentId: String, at now: Date, on connection: PostgresConnection
    ) async throws {
        let reason = "order amendment \(amendmentId) after the hand-over"
        try await WaybillStore.supersede(noteId: note.id, reason: reason, by: .system, at: now, on: connection)
        try await GatePassStore.voidUnused(forNote: note.id, reason: reason, at: now, on: connection)
        try await DispatchNoteStore.move(
            note, to: .picked, detail: "\(reason): hand-over undone, waybill superseded", by: .system, at: now, on: connection)
    }

    /// The note's lines become `lines` (any pick undone, any discrepancy approval superseded) and its
    /// reservation is made again, all or nothing: `issued` when the stock covers it, else `backordered`
    /// like a new shipment request. Returns the new status.
    private static func replace(
        _ note: DispatchNote, with lines: PickList, amendmentId: String, at now: Date, on connection: PostgresConnection
    ) async throws -> DispatchStatus {
        try await StockStore.release(noteId: note.id, on: connection)
        try await DispatchNoteStore.replaceLines(of: note.id, with: lines, on: connection)
        try await DiscrepancyApprovalStore.supersedeAll(noteId: note.id, at: now, on: connection)
        let covered = try await StockStore.availability(for: lines.skus, on: connection).shortages(for: lines).isEmpty
        if covered { try await StockStore.reserve(note, lines, by: .system, at: now, on: connection) }
        let status: DispatchStatus = covered ? .issued : .backordered
        let change = note.ordered.differences(picked: lines).map { "\($0.sku) \($0.ordered) → \($0.picked)" }.joined(separator: ", ")
        try await DispatchNoteStore.move(
            note, to: status, detail: "order amendment \(amendmentId): \(change)" + (covered ? "" : "; stock short, backordered"),
            by: .system, at: now, on: connection)
        return status
    }
}
