import HTTPTypes
import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Picking (DOMAIN.md "Dispatch" 2–3): the warehouse picks exactly what the note says; a shortage,
/// substitution or extra needs a sales_manager's discrepancy approval, and the note records the change.
/// On a return note in `discrepancy`, the same route is the sales_manager's acceptance of the count.
enum PickingRoutes {
    struct Pick: Codable { var lines: [PickLine]; var pickedBy: [String] }
    struct Approval: Codable { var lines: [PickLine]; var reason: String }
    struct ApprovalView: Codable { var id: Int; var dispatchNoteId: String; var lines: [PickLine]; var reason: String; var differences: [String] }

    static func add(to router: Router<O2CRequestContext>, _ environment: ServiceEnvironment) {
        router.post("/v1/dispatch-notes/{id}/pick") { request, context in
            let actor = try context.actor(as: .warehouseKeeper)
            let id = try context.parameters.require("id")
            let pick = try await request.decode(as: Pick.self, context: context)
            var errors = PickLine.problems(pick.lines)
            if pick.pickedBy.isEmpty || pick.pickedBy.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                errors.append(.init(field: "pickedBy", message: "must name everyone who picked"))
            }
            guard errors.isEmpty else { throw RuleViolation.validation(errors).problem }
            let picked = try applyingRule { () throws(RuleViolation) in try PickLine.list(pick.lines) }
            let now = environment.clock.now()
            let note = try await environment.pool.transaction { connection in
                try await StockStore.lock(on: connection)
                guard let note = try await DispatchNoteStore.find(id: id, lock: true, on: connection) else { throw Problem.notFound("no dispatch note \(id)") }
                try applyingRule { () throws(RuleViolation) in
                    try note.kind.requireOutbound(for: "picking")
                    try DispatchHold.requireNone(kind: note.kind, heldFor: note.heldFor, noteId: note.id, step: "picking")
                    try note.status.require(.issued, for: "picking")
                }
                let approval = try await latestApproval(for: id, on: connection)
                try applyingRule { () throws(RuleViolation) in try note.ordered.checkPick(picked, approved: approval?.lines) }
                try await record(picked, note: note, approvalId: approval?.id, pickedBy: pick.pickedBy, by: actor, at: now, on: connection)
                return try await DispatchNoteStore.require(id: id, on: connection)
            }
            return try JSONResponse(DispatchNoteView(note)).response()
        }
        router.post("/v1/dispatch-notes/{id}/discrepancy-approvals") { request, context in
            let actor = try context.actor(as: .salesManager)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: Approval.self, context: context)
            var errors = PickLine.problems(body.lines)
            if body.reason.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.init(field: "reason", message: "must say why")) }
            guard errors.isEmpty else { throw RuleViolation.validation(errors).problem }
            let approved = try applyingRule { () throws(RuleViolation) in try PickLine.list(body.lines) }
            let now = environment.clock.now()
            let view = try await environment.pool.transaction { connection in
                try await StockStore.lock(on: connection)
                guard let note = try await DispatchNoteStore.find(id: id, lock: true, on: connection) else { throw Problem.notFound("no dispatch note \(id)") }
                if note.kind == .return {
                    return try await ReturnIntake.accept(
                        body.lines, reason: body.reason, note: note, by: actor, at: now, outbox: environment.outbox, on: connection)
                }
                try applyingRule { () throws(RuleViolation) in
                    try DispatchHold.requireNone(kind: note.kind, heldFor: note.heldFor, noteId: note.id, step: "a discrepancy approval")
                    try note.status.require(.issued, for: "a discrepancy approval")
                }
                let differences = note.ordered.differences(picked: approved)
                guard !differences.isEmpty else { throw Problem.validation("the lines are exactly the note's: nothing to approve", errors: [.init(field: "lines", message: "same as the note")]) }
                let lines = approved.sortedLines.map { PickLine(sku: $0.sku, quantity: $0.quantity) }
                let json = String(decoding: try JSONEncoder().encode(lines), as: UTF8.self)
                let row = try await connection.query("""
                    insert into discrepancy_approvals (dispatch_note_id, lines_json, reason, approved_by, approved_role, approved_at)
                    values ($1, $2, $3, $4, $5, $6) returning id
                    """, [id, json, body.reason, actor.subject, actor.role, now]).first
                guard let row else { throw PostgresError(code: .decodingFailed, message: "insert … returning id gave no row") }
                return ApprovalView(id: try row.int("id"), dispatchNoteId: id, lines: lines, reason: body.reason, differences: differences.map(\.description))
            }
            return try JSONResponse(view, status: .created).response()
        }
    }

    private static func latestApproval(for id: String, on connection: PostgresConnection) async throws -> (id: Int, lines: PickList)? {
        guard let row = try await connection.query(
            "select id, lines_json from discrepancy_approvals where dispatch_note_id = $1 and superseded_at is null order by id desc limit 1",
            [id]).first
        else { return nil }
        let lines = try JSONDecoder().decode([PickLine].self, from: Data(try row.string("lines_json").utf8))
        return (try row.int("id"), try PickLine.list(lines))
    }

    /// Writes the picked quantities onto the note (substitutes as new lines with nothing ordered) and
    /// reserves any extra beyond the note, which the stock must cover.
    private static func record(
        _ picked: PickList, note: DispatchNote, approvalId: Int?, pickedBy: [String], by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        // Both quantities are within 0...1,000,000,000, so the difference cannot overflow; one line per sku.
        let extra = PickList(stored: picked.sortedLines.map { ($0.sku, max(0, $0.quantity - note.ordered[$0.sku])) })
        let availability = try await StockStore.availability(for: extra.skus, on: connection)
        try applyingRule { () throws(RuleViolation) in try availability.requireCovers(extra) }
        try await StockStore.reserve(note, extra, adding: true, by: actor, at: now, on: connection)
        for sku in Set(note.ordered.skus).union(picked.skus).sorted() {
            try await connection.query("""
                insert into dispatch_note_lines (dispatch_note_id, sku, quantity, picked_quantity) values ($1, $2, 0, $3)
                on conflict (dispatch_note_id, sku) do update set picked_quantity = excluded.picked_quantity
                """, [note.id, sku, picked[sku]])
        }
        try await connection.query(
            "update dispatch_notes set picked_by = $2, discrepancy_approval_id = $3 where id = $1", [note.id, pickedBy, approvalId])
        let differences = note.ordered.differences(picked: picked).map(\.description).joined(separator: "; ")
        try await DispatchNoteStore.move(
            note, to: .picked, detail: "picked by \(pickedBy.joined(separator: ", "))" + (differences.isEmpty ? "" : "; approved change: \(differences)"),
            by: actor, at: now, on: connection)
    }
}
