import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Return intake (DOMAIN.md "After-sales and returns": the warehouse receives exactly the listed
/// quantities). A count that is the note puts the goods back on hand; a differing count is recorded as a
/// discrepancy and nothing moves until a recount matches or a sales_manager accepts what was counted.
/// Callers hold `StockStore.lock` and the note's row lock.
enum ReturnReceiptStore {
    /// A warehouse keeper's count of the returned goods (the request's lines, merged per sku here).
    static func count(
        _ lines: [(sku: String, quantity: Int)], note: DispatchNote, by actor: Author, at now: Date, outbox: Outbox,
        on connection: PostgresConnection
    ) async throws {
        try note.kind.require(.return, for: "a return receipt")
        if note.status != .discrepancy { try note.status.require(.issued, for: "a return receipt") }
        let counted = try PickList(lines)
        try await DispatchNoteStore.recordCount(counted, of: note, on: connection)
        try await recordCount(counted, note: note, by: actor, at: now, on: connection)
        switch ReturnCount(listed: note.ordered).outcome(of: counted) {
        case .exact:
            try await receive(counted, note: note, detail: "counted exactly as listed", by: actor, at: now, outbox: outbox, on: connection)
        case .discrepancy(let differences):
            try await DispatchNoteStore.move(
                note, to: .discrepancy,
                detail: "count differs: "
                    + differences.map { "\($0.sku) listed \($0.ordered), counted \($0.picked)" }.joined(separator: "; "),
                by: actor, at: now, on: connection)
            let event = ReturnDiscrepancyFound(
                returnNoteId: note.id, returnId: note.returnId ?? "", orderId: note.orderId,
                expected: note.ordered.countedLines, counted: counted.countedLines)
            try await outbox.enqueue([try .event(event, correlationID: note.correlationID, causationID: nil)], on: connection)
        }
    }

    /// A sales_manager's acceptance of a differing count: receives the accepted lines (never more than
    /// listed or counted), recorded like a pick's discrepancy approval. Returns the approval's id and the
    /// lines received.
    static func accept(
        _ accepted: [(sku: String, quantity: Int)], reason: String, note: DispatchNote, by actor: Author, at now: Date, outbox: Outbox,
        on connection: PostgresConnection
    ) async throws -> (approvalId: Int, received: PickList) {
        try note.status.require(.discrepancy, for: "accepting a return count")
        let rule = ReturnCount(listed: note.ordered)
        let problems = rule.acceptanceProblems(accepted, counted: note.counted)
        guard problems.isEmpty else { throw RuleViolation.validation(problems) }
        let received = try PickList(accepted)
        let approvalId = try await DiscrepancyApprovalStore.insert(
            noteId: note.id, lines: received, reason: reason, by: actor, at: now, on: connection)
        try await receive(
            received, note: note, detail: "count accepted by \(actor.subject): \(reason)", by: actor, at: now, outbox: outbox,
            on: connection)
        return (approvalId, received)
    }

    /// Keeps the count in `return_counts`.
    private static func recordCount(
        _ counted: PickList, note: DispatchNote, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(counted.countedLines), as: UTF8.self)
        try await connection.query(
            """
            insert into return_counts (dispatch_note_id, lines_json, matched, counted_by, counted_role, counted_at)
            values (\(note.id), \(json), \(counted == note.ordered), \(actor.subject), \(actor.role), \(now))
            """)
    }

    /// The goods go back on hand, each sku into the warehouse it left from, and waiting backorders the
    /// stock now covers are issued.
    private static func receive(
        _ received: PickList, note: DispatchNote, detail: String, by actor: Author, at now: Date, outbox: Outbox,
        on connection: PostgresConnection
    ) async throws {
        for line in received.sortedLines {
            let warehouse = try await StockStore.origin(of: line.sku, orderId: note.orderId, on: connection)
            try await StockStore.receive(
                sku: line.sku, quantity: line.quantity, into: warehouse, noteId: note.id, by: actor, at: now, on: connection)
        }
        try await DispatchNoteStore.move(note, to: .received, detail: detail, by: actor, at: now, on: connection)
        let event = ReturnReceived(
            returnNoteId: note.id, returnId: note.returnId ?? "", orderId: note.orderId, lines: received.countedLines,
            receivedBy: actor.subject, receivedAt: now)
        var messages = [try OutgoingMessage.event(event, correlationID: note.correlationID, causationID: nil)]
        messages += try await DispatchNoteStore.issueBackorders(by: actor, at: now, on: connection)
        try await outbox.enqueue(messages, on: connection)
    }
}
