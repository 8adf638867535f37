import Foundation
import HTTPTypes
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Hand-over to the carrier with the waybill (DOMAIN.md "Dispatch" 4, 6) and the gate pass (5).
enum HandoverRoutes {
    /// `carrier`: the carrier's user id (its token's `sub`). A carrier signing for itself may leave it out;
    /// a warehouse_keeper recording the hand-over names it.
    struct Handover: Codable { var carrier: String?; var waybill: Waybill; var signedBy: String }
    struct GatePass: Codable { var gatePassId: String; var dispatchNoteId: String }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/dispatch-notes/{id}/handover") { request, context in
            let actor = try context.actor(as: .warehouseKeeper, .carrier)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: Handover.self, context: context)
            let carrier = try recordedCarrier(body, by: actor)
            try validate(body, carrier: carrier)
            let now = environment.clock.now()
            let note = try await environment.pool.transaction { connection in
                let note = try await DispatchNoteStore.lock(id: id, on: connection)
                try DispatchHold.requireNone(kind: note.kind, heldFor: note.heldFor, noteId: note.id, step: "the hand-over")
                try note.status.require(.picked, for: "hand-over to the carrier")
                try await WaybillStore.insert(
                    body.waybill, noteId: id, carrier: carrier, signedBy: body.signedBy, by: actor, at: now, on: connection)
                try await DispatchNoteStore.move(
                    note, to: .handedOver, detail: "carrier \(carrier), signed by \(body.signedBy)", by: actor, at: now, on: connection)
                return try await DispatchNoteStore.require(id: id, on: connection)
            }
            return try JSONResponse(DispatchNoteView.answer(note, to: actor)).response()
        }
        router.post("/v1/dispatch-notes/{id}/gate-pass") { _, context in
            let actor = try context.actor(as: .salesAdmin)
            let id = try context.parameters.require("id")
            let now = environment.clock.now()
            let (pass, created) = try await environment.pool.transaction { connection in
                let note = try await DispatchNoteStore.lock(id: id, on: connection)
                try DispatchHold.requireNone(kind: note.kind, heldFor: note.heldFor, noteId: note.id, step: "a gate pass")
                try note.status.require(.handedOver, for: "a gate pass")
                if let existing = try await GatePassStore.usable(forNote: id, on: connection) {
                    return (GatePass(gatePassId: existing, dispatchNoteId: id), false)
                }
                let passId = try await GatePassStore.issue(forNote: id, by: actor, at: now, on: connection)
                return (GatePass(gatePassId: passId, dispatchNoteId: id), true)
            }
            return try JSONResponse(pass, status: created ? .created : .ok).response()
        }
    }

    /// The carrier the hand-over records: a carrier signs only for itself (its `sub`; a body naming someone
    /// else is 403 `not_your_note`), a warehouse_keeper names the carrier's user id.
    private static func recordedCarrier(_ body: Handover, by actor: Author) throws -> String {
        guard actor.role == Role.carrier.rawValue else {
            guard let carrier = body.carrier else {
                throw Problem.validation(
                    "name the carrier", errors: [.init(field: "carrier", message: "is required (the carrier's user id)")])
            }
            return carrier
        }
        if let named = body.carrier, named != actor.subject {
            throw Problem.notYourNote("a carrier signs only for itself: the token is \(actor.subject), the body names \(named)")
        }
        return actor.subject
    }

    private static func validate(_ body: Handover, carrier: String) throws(RuleViolation) {
        let waybill = body.waybill
        let check = WaybillCheck(
            quantity: waybill.quantity, unitFreight: waybill.unitFreight, totalFreight: waybill.totalFreight,
            texts: [
                ("carrier", carrier), ("signedBy", body.signedBy), ("waybill.consignee", waybill.consignee),
                ("waybill.address", waybill.address), ("waybill.phone", waybill.phone), ("waybill.destination", waybill.destination),
            ])
        let problems = check.problems()
        guard problems.isEmpty else { throw .validation(problems) }
    }
}

extension Problem {
    /// 403 `not_your_note`: a carrier acting on a note that was not handed over to it. A `Problem`, not a rule
    /// code: `Problem.rule` would answer an unknown code with 422.
    static func notYourNote(_ detail: String) -> Problem {
        Problem(status: .forbidden, code: "not_your_note", detail: detail)
    }
}
