import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// An approved order amendment (DOMAIN.md "Order amendments") reaching the order's sale note: before
/// picking the note takes the amended quantities and its reservation follows; picked but not handed over,
/// the picked goods go back to reserved and the note is picked again; later it is ignored. Each change is
/// made by `system` and names the amendment. Applied once per amendment id; with no note yet nothing is
/// remembered (the saga requests the shipment with the amended lines).
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
                case .replaceLines(let lines, let unpick):
                    let status = try await replace(note, with: lines, amendmentId: amendment.amendmentId, at: context.now, on: connection)
                    outcome = (unpick ? "pick undone; " : "") + "lines replaced; note \(status.rawValue)"
                    if status == .issued, note.status == .backordered { try await context.send(try ShipmentScheduling.issuedEvent(note)) }
                }
            }
            context.logger.notice("order amendment: \(outcome)", metadata: metadata)
            try await connection.query("""
                insert into order_amendments (amendment_id, order_id, dispatch_note_id, outcome, recorded_by, recorded_role, recorded_at)
                values ($1, $2, $3, $4, $5, $6, $7)
                """, [amendment.amendmentId, amendment.orderId, note?.id, outcome, Actor.system.subject, Actor.system.role, context.now])
        }
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
