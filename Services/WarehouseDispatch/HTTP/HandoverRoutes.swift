import HTTPTypes
import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Hand-over to the carrier with the waybill (DOMAIN.md "Dispatch" 4, 6) and the gate pass (5).
enum HandoverRoutes {
    struct Waybill: Codable {
        var quantity: Int
        var unitFreight: Money
        var pricingUnit: WaybillCheck.PricingUnit
        var consignee: String
        var address: String
        var phone: String
        var totalFreight: Money
        var destination: String

        private enum CodingKeys: String, CodingKey {
            case quantity, unitFreight, pricingUnit, consignee, address, phone, totalFreight, destination
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            quantity = try container.decode(Int.self, forKey: .quantity, in: Quantity.positive)
            unitFreight = try container.decode(Money.self, forKey: .unitFreight)
            pricingUnit = try container.decode(WaybillCheck.PricingUnit.self, forKey: .pricingUnit)
            consignee = try container.decode(String.self, forKey: .consignee)
            address = try container.decode(String.self, forKey: .address)
            phone = try container.decode(String.self, forKey: .phone)
            totalFreight = try container.decode(Money.self, forKey: .totalFreight)
            destination = try container.decode(String.self, forKey: .destination)
        }
    }
    /// `carrier`: the carrier's user id (its token's `sub`). A carrier signing for itself may leave it out;
    /// a warehouse_keeper recording the hand-over names it.
    struct Handover: Codable { var carrier: String?; var waybill: Waybill; var signedBy: String }
    struct GatePass: Codable { var gatePassId: String; var dispatchNoteId: String }

    static func add(to router: Router<O2CRequestContext>, _ environment: ServiceEnvironment) {
        router.post("/v1/dispatch-notes/{id}/handover") { request, context in
            let actor = try context.actor(as: .warehouseKeeper, .carrier)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: Handover.self, context: context)
            let carrier = try recordedCarrier(body, by: actor)
            try validate(body, carrier: carrier)
            let now = environment.clock.now()
            let note = try await environment.pool.transaction { connection in
                guard let note = try await DispatchNoteStore.find(id: id, lock: true, on: connection) else { throw Problem.notFound("no dispatch note \(id)") }
                try applyingRule { () throws(RuleViolation) in
                    try DispatchHold.requireNone(kind: note.kind, heldFor: note.heldFor, noteId: note.id, step: "the hand-over")
                    try note.status.require(.picked, for: "hand-over to the carrier")
                }
                let waybill = body.waybill
                try await connection.query("""
                    insert into waybills (dispatch_note_id, carrier, quantity, unit_freight, pricing_unit, consignee, address, phone,
                        total_freight, destination, signed_by, created_by, created_role, created_at)
                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                    """, [id, carrier, waybill.quantity, waybill.unitFreight.minorUnits, waybill.pricingUnit.rawValue,
                          waybill.consignee, waybill.address, waybill.phone, waybill.totalFreight.minorUnits, waybill.destination,
                          body.signedBy, actor.subject, actor.role, now])
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
                guard let note = try await DispatchNoteStore.find(id: id, lock: true, on: connection) else { throw Problem.notFound("no dispatch note \(id)") }
                try applyingRule { () throws(RuleViolation) in
                    try DispatchHold.requireNone(kind: note.kind, heldFor: note.heldFor, noteId: note.id, step: "a gate pass")
                    try note.status.require(.handedOver, for: "a gate pass")
                }
                if let existing = try await connection.query(
                    "select id from gate_passes where dispatch_note_id = $1 and used_at is null and voided_at is null", [id]).first {
                    return (GatePass(gatePassId: try existing.string("id"), dispatchNoteId: id), false)
                }
                let passId = "GP-" + UUID().uuidString.lowercased()
                try await connection.query("""
                    insert into gate_passes (id, dispatch_note_id, issued_by, issued_role, issued_at) values ($1, $2, $3, $4, $5)
                    """, [passId, id, actor.subject, actor.role, now])
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
                throw Problem.validation("name the carrier", errors: [.init(field: "carrier", message: "is required (the carrier's user id)")])
            }
            return carrier
        }
        if let named = body.carrier, named != actor.subject {
            throw Problem.notYourNote("a carrier signs only for itself: the token is \(actor.subject), the body names \(named)")
        }
        return actor.subject
    }

    private static func validate(_ body: Handover, carrier: String) throws {
        let waybill = body.waybill
        let check = WaybillCheck(
            quantity: waybill.quantity, unitFreight: waybill.unitFreight, totalFreight: waybill.totalFreight,
            texts: [("carrier", carrier), ("signedBy", body.signedBy), ("waybill.consignee", waybill.consignee),
                    ("waybill.address", waybill.address), ("waybill.phone", waybill.phone), ("waybill.destination", waybill.destination)])
        let problems = check.problems()
        guard problems.isEmpty else { throw RuleViolation.validation(problems).problem }
    }
}

extension Problem {
    /// 403 `not_your_note`: a carrier acting on a note that was not handed over to it.
    static func notYourNote(_ detail: String) -> Problem {
        Problem(status: .forbidden, code: "not_your_note", detail: detail)
    }
}
