import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// An approved order amendment (DOMAIN.md "Order amendments") reaching the order's sale note, which its
/// change request holds (`DispatchHoldHandlers`): before picking the note takes the amended quantities and
/// its reservation follows; picked, the picked goods go back to reserved and the note is picked again;
/// handed over but still inside the gate, the waybill is superseded and an unused gate pass voided as well,
/// and the note is picked and handed over again (`NoteAmendment`). Each change is made by `system` and names
/// the amendment; then the request's hold is lifted. Applied once per amendment id; with no note yet nothing
/// is remembered (the saga requests the shipment with the amended lines).
enum AmendmentHandler {
    static func handler() -> MessageHandler {
        MessageHandler.on(OrderAmended.self) { amendment, context in
            let connection = context.connection
            try await StockStore.lock(on: connection)
            let metadata: Logger.Metadata = ["order.id": "\(amendment.orderId)", "amendment.id": "\(amendment.amendmentId)"]
            if try await connection.query("select 1 from order_amendments where amendment_id = $1", [amendment.amendmentId]).first != nil {
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
                    let undone = switch undo {
                    case .nothing: ""
                    case .pick: "pick undone; "
                    case .handover: "hand-over and pick undone; "
                    }
                    outcome = undone + "lines replaced; note \(status.rawValue)"
                    if status == .issued, note.status == .backordered { try await context.send(try ShipmentScheduling.issuedEvent(note)) }
                }
            }
            context.logger.notice("order amendment: \(outcome)", metadata: metadata)
            try await connection.query("""
                insert into order_amendments (amendment_id, order_id, dispatch_note_id, outcome, recorded_by, recorded_role, recorded_at)
                values ($1, $2, $3, $4, $5, $6, $7)
                """, [amendment.amendmentId, amendment.orderId, note?.id, outcome, Author.system.subject, Author.system.role, context.now])
            try await DispatchHoldStore.release(
                requestId: amendment.amendmentId, reason: "amendment applied: \(outcome)", by: .system, at: context.now, on: connection)
        }
    }

    /// The goods go back from the carrier's dock: the waybill is kept as superseded, an unused gate pass is
    /// voided, and the note is `picked` again for `replace` to undo the pick.
    private static func undoHandover(_ note: DispatchNote, amendmentId: String, at now: Date, on connection: PostgresConnection) async throws {
        let reason = "order amendment \(amendmentId) after the hand-over"
        try await connection.query(
            """
            insert into superseded_waybills (dispatch_note_id, carrier, quantity, unit_freight, pricing_unit, consignee, address, phone,
                total_freight, destination, signed_by, created_by, created_role, created_at, superseded_by, superseded_role, superseded_at, reason)
            select dispatch_note_id, carrier, quantity, unit_freight, pricing_unit, consignee, address, phone, total_freight, destination,
                signed_by, created_by, created_role, created_at, $2, $3, $4, $5
            from waybills where dispatch_note_id = $1
            """, [note.id, Author.system.subject, Author.system.role, now, reason])
        try await connection.query("delete from waybills where dispatch_note_id = $1", [note.id])
        try await connection.query(
            "update gate_passes set voided_at = $2, void_reason = $3 where dispatch_note_id = $1 and used_at is null and voided_at is null",
            [note.id, now, reason])
        try await DispatchNoteStore.move(note, to: .picked, detail: "\(reason): hand-over undone, waybill superseded", by: .system, at: now, on: connection)
    }

    /// The note's lines become `lines` (any pick undone, any discrepancy approval superseded) and its
    /// reservation is made again, all or nothing: `issued` when the stock covers it, else `backordered`
    /// like a new shipment request. Returns the new status.
    private static func replace(
        _ note: DispatchNote, with lines: PickList, amendmentId: String, at now: Date, on connection: PostgresConnection
    ) async throws -> DispatchStatus {
        try await StockStore.release(noteId: note.id, on: connection)
        try await connection.query("delete from dispatch_note_lines where dispatch_note_id = $1", [note.id])
        for line in lines.sortedLines {
            try await connection.query(
                "insert into dispatch_note_lines (dispatch_note_id, sku, quantity) values ($1, $2, $3)", [note.id, line.sku, line.quantity])
        }
        try await connection.query("update dispatch_notes set picked_by = null, discrepancy_approval_id = null where id = $1", [note.id])
        try await connection.query(
            "update discrepancy_approvals set superseded_at = $2 where dispatch_note_id = $1 and superseded_at is null", [note.id, now])
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
