import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `GET /v1/worklist` (CONTRACT.md "The department's daily work"): the notes that wait for the caller's roles,
/// due by the note's ship-by (goods leave within the working days after the deposit, DOMAIN.md "Deadlines"):
/// warehouse_keeper picks issued notes, hands picked ones over and receives returned goods; sales_admin issues the
/// gate pass of a note handed over; gatekeeper lets the goods out against the pass; a carrier delivers the notes
/// handed over to it (its `sub`). A role with no work here gets `[]`.
enum WorklistRoutes {
    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/worklist") { _, context in
            let principal = try context.require(anyOf: Set(Role.allCases))
            let roles = principal.roles
            let items = try await environment.pool.transaction(isolation: .repeatableRead) { connection in
                var items: [WorklistItem] = []
                let outbound = ["sale", "replacement"]
                if roles.contains(.warehouseKeeper) {
                    for note in try await WorklistStore.notes(status: "issued", kinds: outbound, on: connection) {
                        items.append(item(note, "pick", "Pick dispatch note \(note.id) of order \(note.orderId)", "pick"))
                    }
                    for note in try await WorklistStore.notes(status: "picked", kinds: outbound, on: connection) {
                        items.append(
                            item(note, "handover", "Hand dispatch note \(note.id) of order \(note.orderId) to the carrier", "handover"))
                    }
                    for note in try await WorklistStore.notes(status: "issued", kinds: ["return"], on: connection) {
                        var entry = item(note, "return_receipt", "Receive the returned goods of note \(note.id)", "return-receipt")
                        entry.dueBy = nil
                        items.append(entry)
                    }
                }
                var handedOver: [WorklistStore.Note] = []
                if !roles.isDisjoint(with: [.salesAdmin, .gatekeeper]) {
                    handedOver = try await WorklistStore.notes(status: "handed_over", kinds: outbound, on: connection)
                }
                if roles.contains(.salesAdmin) {
                    for note in handedOver where note.gatePassId == nil {
                        items.append(item(note, "gate_pass", "Issue the gate pass of dispatch note \(note.id)", "gate-pass"))
                    }
                }
                if roles.contains(.gatekeeper) {
                    for note in handedOver {
                        guard let pass = note.gatePassId else { continue }
                        items.append(
                            WorklistItem(
                                kind: "release", id: pass, title: "Let the goods of dispatch note \(note.id) out against gate pass \(pass)",
                                since: note.since, dueBy: note.shipBy, path: "/v1/gate-passes/\(Worklist.segment(pass))/release"))
                    }
                }
                if roles.contains(.carrier) {
                    for note in try await WorklistStore.dispatched(toCarrier: principal.subject, on: connection) {
                        var entry = item(
                            note, "delivery", "Deliver dispatch note \(note.id) and record the customer's signature", "delivery")
                        entry.dueBy = nil
                        items.append(entry)
                    }
                }
                return items
            }
            return try JSONResponse(Worklist.ordered(items)).response()
        }
    }

    private static func item(_ note: WorklistStore.Note, _ kind: String, _ title: String, _ step: String) -> WorklistItem {
        WorklistItem(
            kind: kind, id: note.id, title: title, since: note.since, dueBy: note.shipBy,
            path: "/v1/dispatch-notes/\(Worklist.segment(note.id))/\(step)")
    }
}
