import Foundation
import HTTPTypes
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

    static func view(of pass: GatePassStore.GatePass, note: DispatchNote) -> PassView {
        PassView(
            gatePassId: pass.id, dispatchNoteId: note.id, orderId: note.orderId, carrier: note.carrier,
            lines: note.picked.sortedLines.map { PassView.Line(sku: $0.sku, quantity: $0.quantity) }, used: pass.used,
            void: pass.voided, heldFor: note.heldFor)
    }

    /// The read of `GET /v1/gate-passes/{id}` and its printed form: the pass the path names, as the gate sees it.
    static func read(context: O2CRequestContext, environment: ServiceEnvironment) async throws -> PassView {
        _ = try context.require(anyOf: passReaders)
        let passId = try context.parameters.require("id")
        return try await environment.pool.withConnection { connection -> PassView in
            guard let pass = try await GatePassStore.find(id: passId, on: connection),
                let note = try await DispatchNoteStore.find(id: pass.dispatchNoteId, on: connection)
            else { throw Problem.notFound("no gate pass \(passId)") }
            return view(of: pass, note: note)
        }
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        // The passes as the gate and the office work through them (CONTRACT.md "The department's daily work").
        router.get("/v1/gate-passes") { request, context in
            _ = try context.require(anyOf: passReaders)
            let query = try ListQuery(request, filters: ["dispatchNoteId"], choices: ["state": ["open", "used", "void"]])
            let (views, next) = try await environment.pool.withConnection { connection in
                let page = try await GatePassStore.list(query, on: connection)
                let notes = try await DispatchNoteStore.find(ids: page.items.map(\.dispatchNoteId), on: connection)
                let views = page.items.compactMap { pass in notes[pass.dispatchNoteId].map { view(of: pass, note: $0) } }
                return (views, page.next)
            }
            return try ListPage(views, next: next).response(from: request, context: context)
        }
        router.get("/v1/gate-passes/{id}") { _, context in
            try JSONResponse(try await read(context: context, environment: environment)).response()
        }
        router.post("/v1/gate-passes/{id}/release") { _, context in
            let actor = try context.actor(as: .gatekeeper)
            let passId = try context.parameters.require("id")
            let now = environment.clock.now()
            let released = try await environment.pool.transaction { connection in
                try await StockStore.lock(on: connection)
                guard let pass = try await GatePassStore.find(id: passId, lock: true, on: connection) else {
                    throw Problem.notFound("no gate pass \(passId)")
                }
                guard !pass.used else { throw Problem.invalidState("gate pass \(passId) was already used") }
                if let voided = pass.voidReason { throw Problem.invalidState("gate pass \(passId) is void: \(voided)") }
                let noteId = pass.dispatchNoteId
                let note = try await DispatchNoteStore.lock(id: noteId, on: connection)
                try DispatchHold.requireNone(kind: note.kind, heldFor: note.heldFor, noteId: note.id, step: "letting the goods out")
                try note.status.require(.handedOver, for: "letting the goods out")
                // A handed-over note has its waybill (the hand-over wrote both in one transaction).
                guard let waybill = try await WaybillStore.carrierAndFreight(noteId: noteId, on: connection) else {
                    throw Problem.invalidState("dispatch note \(noteId) has no waybill")
                }
                try await StockStore.consume(noteId: noteId, picked: note.picked, by: actor, at: now, on: connection)
                try await GatePassStore.markUsed(id: passId, by: actor, at: now, on: connection)
                try await DispatchNoteStore.recordDispatch(noteId: noteId, at: now, on: connection)
                try await DispatchNoteStore.move(
                    note, to: .dispatched, detail: "released against gate pass \(passId)", by: actor, at: now, on: connection)
                let message = try WarehouseMessages.dispatched(note, carrier: waybill.carrier, totalFreight: waybill.totalFreight, at: now)
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
                let note = try await DispatchNoteStore.lock(id: id, on: connection)
                // A carrier confirms only the delivery of a note handed over to it.
                if actor.role == Role.carrier.rawValue, note.carrier != actor.subject {
                    throw Problem.notYourNote(
                        "dispatch note \(id) was not handed over to \(actor.subject); only its carrier or sales_admin records its delivery")
                }
                try note.status.require(.dispatched, for: "a delivery confirmation")
                try await DeliveryStore.record(
                    noteId: id, signedBy: body.signedBy, signedAt: body.signedAt, by: actor, at: now, on: connection)
                try await DispatchNoteStore.move(
                    note, to: .delivered, detail: "signed by \(body.signedBy)", by: actor, at: now, on: connection)
                try await environment.outbox.enqueue(
                    [try WarehouseMessages.delivered(note, signedAt: body.signedAt, signedBy: body.signedBy)], on: connection)
                return try await DispatchNoteStore.require(id: id, on: connection)
            }
            return try JSONResponse(DispatchNoteView.answer(note, to: actor)).response()
        }
    }
}
