import Foundation
import HTTPTypes
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
    struct ApprovalView: Codable {
        var id: Int; var dispatchNoteId: String; var lines: [PickLine]; var reason: String; var differences: [String]
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/dispatch-notes/{id}/pick") { request, context in
            let actor = try context.actor(as: .warehouseKeeper)
            let id = try context.parameters.require("id")
            let pick = try await request.decode(as: Pick.self, context: context)
            var errors = PickLine.problems(pick.lines)
            if pick.pickedBy.isEmpty || pick.pickedBy.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                errors.append(.init(field: "pickedBy", message: "must name everyone who picked"))
            }
            guard errors.isEmpty else { throw RuleViolation.validation(errors) }
            let picked = try PickLine.list(pick.lines)
            let now = environment.clock.now()
            let note = try await environment.pool.transaction { connection in
                try await StockStore.lock(on: connection)
                let note = try await DispatchNoteStore.lock(id: id, on: connection)
                try note.kind.requireOutbound(for: "picking")
                try DispatchHold.requireNone(kind: note.kind, heldFor: note.heldFor, noteId: note.id, step: "picking")
                try note.status.require(.issued, for: "picking")
                let approval = try await DiscrepancyApprovalStore.latest(noteId: id, on: connection)
                try note.ordered.checkPick(picked, approved: approval?.lines)
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
            guard errors.isEmpty else { throw RuleViolation.validation(errors) }
            let approved = try PickLine.list(body.lines)
            let now = environment.clock.now()
            let view = try await environment.pool.transaction { connection in
                try await StockStore.lock(on: connection)
                let note = try await DispatchNoteStore.lock(id: id, on: connection)
                if note.kind == .return {
                    let accepted = try await ReturnReceiptStore.accept(
                        body.lines.map { ($0.sku, $0.quantity) }, reason: body.reason, note: note, by: actor, at: now,
                        outbox: environment.outbox, on: connection)
                    return ApprovalView(accepted.approvalId, note: note, lines: accepted.received, reason: body.reason)
                }
                try DispatchHold.requireNone(kind: note.kind, heldFor: note.heldFor, noteId: note.id, step: "a discrepancy approval")
                try note.status.require(.issued, for: "a discrepancy approval")
                guard !note.ordered.differences(picked: approved).isEmpty else {
                    throw Problem.validation(
                        "the lines are exactly the note's: nothing to approve", errors: [.init(field: "lines", message: "same as the note")]
                    )
                }
                let approvalId = try await DiscrepancyApprovalStore.insert(
                    noteId: id, lines: approved, reason: body.reason, by: actor, at: now, on: connection)
                return ApprovalView(approvalId, note: note, lines: approved, reason: body.reason)
            }
            return try JSONResponse(view, status: .created).response()
        }
    }

    /// Writes the picked quantities onto the note and reserves any extra beyond the note, which the stock must cover.
    private static func record(
        _ picked: PickList, note: DispatchNote, approvalId: Int?, pickedBy: [String], by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        // Both quantities are within 0...1,000,000,000, so the difference cannot overflow; one line per sku.
        let extra = PickList(stored: picked.sortedLines.map { ($0.sku, max(0, $0.quantity - note.ordered[$0.sku])) })
        let availability = try await StockStore.availability(for: extra.skus, on: connection)
        try availability.requireCovers(extra)
        try await StockStore.reserve(note, extra, adding: true, by: actor, at: now, on: connection)
        try await DispatchNoteStore.recordPick(picked, of: note, approvalId: approvalId, pickedBy: pickedBy, on: connection)
        let differences = note.ordered.differences(picked: picked).map(\.description).joined(separator: "; ")
        try await DispatchNoteStore.move(
            note, to: .picked,
            detail: "picked by \(pickedBy.joined(separator: ", "))" + (differences.isEmpty ? "" : "; approved change: \(differences)"),
            by: actor, at: now, on: connection)
    }
}

extension PickingRoutes.ApprovalView {
    /// The approval of `lines` for `note`, with how they differ from what the note lists.
    init(_ id: Int, note: DispatchNote, lines: PickList, reason: String) {
        self.init(
            id: id, dispatchNoteId: note.id, lines: lines.sortedLines.map { PickLine(sku: $0.sku, quantity: $0.quantity) }, reason: reason,
            differences: note.ordered.differences(picked: lines).map(\.description))
    }
}
