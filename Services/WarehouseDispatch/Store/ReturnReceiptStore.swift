import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Return intake (DOMAIN.md "After-sales and returns": the warehouse receives exactly the listed
/// quantities). A count that is the note puts the goods back on hand; a differing count is recorded as a
/// discrepancy and nothing moves until a recount matches or a sales_manager accepts what was counted.
/// Callers hold `StockStore.lock` and the note's row lock.
enum ReturnIntake {
    /// A warehouse keeper's count of the returned goods.
    static func count(
        _ lines: [PickLine], note: DispatchNote, by actor: Author, at now: Date, outbox: Outbox, on connection: PostgresConnection
    ) async throws {
        try applyingRule { () throws(RuleViolation) in
            try note.kind.require(.return, for: "a return receipt")
            if note.status != .discrepancy { try note.status.require(.issued, for: "a return receipt") }
        }
        let counted = try applyingRule { () throws(RuleViolation) in try PickLine.list(lines) }
        try await record(counted, note: note, by: actor, at: now, on: connection)
        switch ReturnCount(listed: note.ordered).outcome(of: counted) {
        case .exact:
            try await receive(counted, note: note, detail: "counted exactly as listed", by: actor, at: now, outbox: outbox, on: connection)
        case .discrepancy(let differences):
            try await DispatchNoteStore.move(
                note, to: .discrepancy,
                detail: "count differs: " + differences.map { "\($0.sku) listed \($0.ordered), counted \($0.picked)" }.joined(separator: "; "),
                by: actor, at: now, on: connection)
            let event = ReturnDiscrepancyFound(
                returnNoteId: note.id, returnId: note.returnId ?? "", orderId: note.orderId,
                expected: countedLines(note.ordered), counted: countedLines(counted))
            try await outbox.enqueue([try .event(event, correlationID: note.correlationID, causationID: nil)], on: connection)
        }
    }

    /// A sales_manager's acceptance of a differing count: receives the accepted lines (never more than
    /// listed or counted), recorded like a pick's discrepancy approval.
    static func accept(
        _ accepted: [PickLine], reason: String, note: DispatchNote, by actor: Author, at now: Date, outbox: Outbox,
        on connection: PostgresConnection
    ) async throws -> PickingRoutes.ApprovalView {
        try applyingRule { () throws(RuleViolation) in try note.status.require(.discrepancy, for: "accepting a return count") }
        let rule = ReturnCount(listed: note.ordered)
        let problems = rule.acceptanceProblems(accepted.map { ($0.sku, $0.quantity) }, counted: note.counted)
        guard problems.isEmpty else { throw RuleViolation.validation(problems).problem }
        let received = try applyingRule { () throws(RuleViolation) in try PickLine.list(accepted) }
        let lines = received.sortedLines.map { PickLine(sku: $0.sku, quantity: $0.quantity) }
        let json = String(decoding: try JSONEncoder().encode(lines), as: UTF8.self)
        let row = try await connection.query("""
            insert into discrepancy_approvals (dispatch_note_id, lines_json, reason, approved_by, approved_role, approved_at)
            values ($1, $2, $3, $4, $5, $6) returning id
            """, [note.id, json, reason, actor.subject, actor.role, now]).first
        guard let row else { throw PostgresError(code: .decodingFailed, message: "insert … returning id gave no row") }
        let differences = note.ordered.differences(picked: received).map(\.description)
        try await receive(
            received, note: note, detail: "count accepted by \(actor.subject): \(reason)", by: actor, at: now, outbox: outbox, on: connection)
        return PickingRoutes.ApprovalView(id: try row.int("id"), dispatchNoteId: note.id, lines: lines, reason: reason, differences: differences)
    }

    /// Writes the count onto the note's lines (an sku not on the note becomes a line with nothing listed)
    /// and keeps it in `return_counts`.
    private static func record(_ counted: PickList, note: DispatchNote, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query("delete from dispatch_note_lines where dispatch_note_id = $1 and quantity = 0", [note.id])
        for sku in Set(note.ordered.skus).union(counted.skus).sorted() {
            try await connection.query("""
                insert into dispatch_note_lines (dispatch_note_id, sku, quantity, counted_quantity) values ($1, $2, 0, $3)
                on conflict (dispatch_note_id, sku) do update set counted_quantity = excluded.counted_quantity
                """, [note.id, sku, counted[sku]])
        }
        let json = String(decoding: try JSONEncoder().encode(countedLines(counted)), as: UTF8.self)
        try await connection.query("""
            insert into return_counts (dispatch_note_id, lines_json, matched, counted_by, counted_role, counted_at)
            values ($1, $2, $3, $4, $5, $6)
            """, [note.id, json, counted == note.ordered, actor.subject, actor.role, now])
    }

    /// The goods go back on hand, each sku into the warehouse it left from, and waiting backorders the
    /// stock now covers are issued.
    private static func receive(
        _ received: PickList, note: DispatchNote, detail: String, by actor: Author, at now: Date, outbox: Outbox,
        on connection: PostgresConnection
    ) async throws {
        for line in received.sortedLines {
            let warehouse = try await origin(of: line.sku, orderId: note.orderId, on: connection)
            try await StockStore.receive(
                sku: line.sku, quantity: line.quantity, into: warehouse, noteId: note.id, by: actor, at: now, on: connection)
        }
        try await DispatchNoteStore.move(note, to: .received, detail: detail, by: actor, at: now, on: connection)
        let event = ReturnReceived(
            returnNoteId: note.id, returnId: note.returnId ?? "", orderId: note.orderId, lines: countedLines(received),
            receivedBy: actor.subject, receivedAt: now)
        var messages = [try OutgoingMessage.event(event, correlationID: note.correlationID, causationID: nil)]
        messages += try await ShipmentScheduling.issueBackorders(by: actor, at: now, on: connection)
        try await outbox.enqueue(messages, on: connection)
    }

    /// The warehouse that gave the most of this sku to the order's outbound notes; else the one holding
    /// the most of it now; else `main`.
    static func origin(of sku: String, orderId: String, on connection: PostgresConnection) async throws -> String {
        if let row = try await connection.query("""
            select c.warehouse from stock_changes c join dispatch_notes n on n.id = c.dispatch_note_id
            where n.order_id = $1 and n.kind <> 'return' and c.sku = $2 and c.reason = 'dispatched'
            group by c.warehouse order by sum(c.on_hand_before - c.on_hand_after) desc, c.warehouse limit 1
            """, [orderId, sku]).first {
            return try row.string("warehouse")
        }
        let held = try await connection.query(
            "select warehouse from stock where sku = $1 order by on_hand desc, warehouse limit 1", [sku]).first
        return try held?.string("warehouse") ?? "main"
    }

    static func countedLines(_ list: PickList) -> [CountedLine] { list.sortedLines.map { CountedLine(sku: $0.sku, quantity: $0.quantity) } }
}
