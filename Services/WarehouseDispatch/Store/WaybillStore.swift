import Foundation
import O2CContracts
import O2CPostgres

/// The waybill (托运单) of a handed-over note, one per note (DOMAIN.md "Dispatch" 4, 6); an amendment after the
/// hand-over keeps it in `superseded_waybills`.
enum WaybillStore {
    /// Records the hand-over's waybill, signed by `signedBy` for `carrier`.
    static func insert(
        _ waybill: Waybill, noteId: String, carrier: String, signedBy: String, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into waybills (dispatch_note_id, carrier, quantity, unit_freight, pricing_unit, consignee, address, phone,
                total_freight, destination, signed_by, created_by, created_role, created_at)
            values (\(noteId), \(carrier), \(waybill.quantity), \(waybill.unitFreight.minorUnits), \(waybill.pricingUnit.rawValue),
                \(waybill.consignee), \(waybill.address), \(waybill.phone), \(waybill.totalFreight.minorUnits), \(waybill.destination),
                \(signedBy), \(actor.subject), \(actor.role), \(now))
            """)
    }

    /// The note's waybill as signed at the hand-over (for its printed form); nil before the hand-over.
    struct Signed: Sendable {
        var waybill: Waybill
        var carrier: String
        var signedBy: String
        var signedAt: Date
    }

    static func signed(noteId: String, on connection: PostgresConnection) async throws -> Signed? {
        guard let row = try await connection.query("select * from waybills where dispatch_note_id = \(noteId)").first else { return nil }
        let unit = try row.string("pricing_unit")
        guard let pricingUnit = WaybillCheck.PricingUnit(rawValue: unit) else {
            throw RuleViolation.invalidState("the waybill of dispatch note \(noteId) has the pricing unit \(unit)")
        }
        let waybill = Waybill(
            quantity: try row.int("quantity"), unitFreight: Money(minorUnits: try row.int64("unit_freight")),
            pricingUnit: pricingUnit, consignee: try row.string("consignee"), address: try row.string("address"),
            phone: try row.string("phone"), totalFreight: Money(minorUnits: try row.int64("total_freight")),
            destination: try row.string("destination"))
        return Signed(
            waybill: waybill, carrier: try row.string("carrier"), signedBy: try row.string("signed_by"),
            signedAt: try row.date("created_at"))
    }

    /// The carrier and the total freight of the note's waybill; nil before the hand-over.
    static func carrierAndFreight(noteId: String, on connection: PostgresConnection) async throws -> (carrier: String, totalFreight: Money)?
    {
        guard let row = try await connection.query("select carrier, total_freight from waybills where dispatch_note_id = \(noteId)").first
        else { return nil }
        return (try row.string("carrier"), Money(minorUnits: try row.int64("total_freight")))
    }

    /// The hand-over is undone: the note's waybill is kept as superseded, with who, when and why, and removed.
    static func supersede(noteId: String, reason: String, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into superseded_waybills (dispatch_note_id, carrier, quantity, unit_freight, pricing_unit, consignee, address, phone,
                total_freight, destination, signed_by, created_by, created_role, created_at, superseded_by, superseded_role, superseded_at, reason)
            select dispatch_note_id, carrier, quantity, unit_freight, pricing_unit, consignee, address, phone, total_freight, destination,
                signed_by, created_by, created_role, created_at, \(actor.subject), \(actor.role), \(now), \(reason)
            from waybills where dispatch_note_id = \(noteId)
            """)
        try await connection.query("delete from waybills where dispatch_note_id = \(noteId)")
    }
}
