import HTTPTypes
import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// The gate (DOMAIN.md "Dispatch" 5): goods leave only against a valid, unused gate pass; that is the
/// dispatch. Then the customer's signed delivery confirmation (7).
enum GatePassRoutes {
    struct Released: Codable { var gatePassId: String; var dispatchNoteId: String; var status: String; var dispatchedAt: Date }
    struct Delivery: Codable { var signedBy: String; var signedAt: Date }

    /// What the gate checks the goods against: the pass, its note and order, the picked lines and the
    /// carrier; no customer, address, phone or price (DOMAIN.md "Confidentiality").
    struct PassView: Codable {
        struct Line: Codable { var sku: String; var quantity: Int }
        var gatePassId: String
        var dispatchNoteId: String
        var orderId: String
        var carrier: String?
        var lines: [Line]
        var used: Bool
        /// Voided when the hand-over it was issued for was undone by an amendment; a void pass lets nothing out.
        var void: Bool
        /// The change request holding the note: the gate lets nothing out meanwhile.
        var heldFor: String?
    }
    static let passReaders: Set<Role> = [.gatekeeper, .salesAdmin, .warehouseKeeper, .auditor]

    static func add(to router: Router<O2CRequestContext>, _ environment: ServiceEnvironment) {
        router.get("/v1/gate-passes/{id}") { _, context in
            _ = try context.require(anyOf: passReaders)
            let passId = try context.parameters.require("id")
            let view = try await environment.pool.withConnection { connection -> PassView in
                guard let pass = try await connection.query("select dispatch_note_id, used_at, voided_at from gate_passes where id = $1", [passId]).first,
                      let note = try await DispatchNoteStore.find(id: try pass.string("dispatch_note_id"), on: connection)
                else { throw Problem.notFound("no gate pass \(passId)") }
                return PassView(
                    gatePassId: passId, dispatchNoteId: note.id, orderId: note.orderId, carrier: note.carrier,
                    lines: note.picked.sortedLines.map { PassView.Line(sku: $0.sku, quantity: $0.quantity) }, used: pass["used_at"] != nil,
                    void: pass["voided_at"] != nil, heldFor: note.heldFor)
            }
            return try JSONResponse(view).response()
        }
        router.post("/v1/gate-passes/{id}/release") { _, context in
            let actor = try context.actor(as: .gatekeeper)
            let passId = try context.parameters.require("id")
            let now = environment.clock.now()
            let released = try await environment.pool.transaction { connection in
                try await StockStore.lock(on: connection)
                guard let pass = try await connection.query(
                    "select dispatch_note_id, used_at, void_reason from gate_passes where id = $1 for update", [passId]).first
                else { throw Problem.notFound("no gate pass \(passId)") }
                guard pass["used_at"] == nil else { throw Problem.invalidState("gate pass \(passId) was already used") }
                if let voided = pass["void_reason"] { throw Problem.invalidState("gate pass \(passId) is void: \(voided)") }
                let noteId = try pass.string("dispatch_note_id")
                guard let note = try await DispatchNoteStore.find(id: noteId, lock: true, on: connection) else { throw Problem.notFound("no dispatch note \(noteId)") }
                try applyingRule { () throws(RuleViolation) in
                    try DispatchHold.requireNone(kind: note.kind, heldFor: note.heldFor, noteId: note.id, step: "letting the goods out")
                    try note.status.require(.handedOver, for: "letting the goods out")
                }
                // A handed-over note has its waybill (the hand-over wrote both in one transaction).
                guard let waybill = try await connection.query(
                    "select carrier, total_freight from waybills where dispatch_note_id = $1", [noteId]).first
                else { throw Problem.invalidState("dispatch note \(noteId) has no waybill") }
                do {
                    try await StockStore.consume(noteId: noteId, picked: note.picked, by: actor, at: now, on: connection)
                } catch let error as RuleViolation { throw error.problem }
                try await connection.query(
                    "update gate_passes set used_at = $2, used_by = $3, used_role = $4 where id = $1", [passId, now, actor.subject, actor.role])
                try await connection.query("update dispatch_notes set dispatched_at = $2 where id = $1", [noteId, now])
                try await DispatchNoteStore.move(note, to: .dispatched, detail: "released against gate pass \(passId)", by: actor, at: now, on: connection)
                let message: OutgoingMessage
                if note.kind == .replacement {
                    // An exchange's goods: no freight invoice, and the order saga is not involved.
                    let event = ReplacementDispatched(dispatchNoteId: noteId, returnId: note.returnId ?? "", orderId: note.orderId, dispatchedAt: now)
                    message = try .event(event, correlationID: note.correlationID, causationID: nil)
                } else {
                    let event = ShipmentDispatched(
                        dispatchNoteId: noteId, orderId: note.orderId, customerId: note.customerId, dispatchedAt: now,
                        carrier: try waybill.string("carrier"), totalFreight: Money(minorUnits: try waybill.int64("total_freight")))
                    message = try .event(event, correlationID: note.orderId, causationID: nil)
                }
                try await environment.outbox.enqueue([message], on: connection)
                return Released(gatePassId: passId, dispatchNoteId: noteId, status: DispatchStatus.dispatched.rawValue, dispatchedAt: now)
            }
            return try JSONResponse(released).response()
        }
        router.post("/v1/dispatch-notes/{id}/delivery") { request, context in
            let actor = try context.actor(as: .salesAdmin, .carrier)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: Delivery.self, context: context)
            guard !body.signedBy.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw Problem.validation("signedBy must name who signed", errors: [.init(field: "signedBy", message: "must not be empty")])
            }
            let now = environment.clock.now()
            let note = try await environment.pool.transaction { connection in
                guard let note = try await DispatchNoteStore.find(id: id, lock: true, on: connection) else { throw Problem.notFound("no dispatch note \(id)") }
                // A carrier confirms only the delivery of a note handed over to it.
                if actor.role == Role.carrier.rawValue, note.carrier != actor.subject {
                    throw Problem.notYourNote(
                        "dispatch note \(id) was not handed over to \(actor.subject); only its carrier or sales_admin records its delivery")
                }
                try applyingRule { () throws(RuleViolation) in try note.status.require(.dispatched, for: "a delivery confirmation") }
                try await connection.query("""
                    insert into delivery_confirmations (dispatch_note_id, signed_by, signed_at, recorded_by, recorded_role, recorded_at)
                    values ($1, $2, $3, $4, $5, $6)
                    """, [id, body.signedBy, body.signedAt, actor.subject, actor.role, now])
                try await DispatchNoteStore.move(note, to: .delivered, detail: "signed by \(body.signedBy)", by: actor, at: now, on: connection)
                try await environment.outbox.enqueue([try delivered(note, signedAt: body.signedAt, signedBy: body.signedBy)], on: connection)
                return try await DispatchNoteStore.require(id: id, on: connection)
            }
            return try JSONResponse(DispatchNoteView.answer(note, to: actor)).response()
        }
    }

    /// The customer signed for what was picked: the order saga hears it for a sale note, the return saga
    /// for an exchange's replacement.
    private static func delivered(_ note: DispatchNote, signedAt: Date, signedBy: String) throws -> OutgoingMessage {
        if note.kind == .replacement {
            let event = ReplacementDelivered(dispatchNoteId: note.id, returnId: note.returnId ?? "", orderId: note.orderId, deliveredAt: signedAt)
            return try .event(event, correlationID: note.correlationID, causationID: nil)
        }
        let event = DeliveryConfirmed(
            dispatchNoteId: note.id, orderId: note.orderId, deliveredAt: signedAt, signedBy: signedBy,
            lines: ReturnIntake.countedLines(note.picked))
        return try .event(event, correlationID: note.orderId, causationID: nil)
    }
}
