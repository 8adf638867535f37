import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// The statements of warehouse-dispatch's worklist (`GET /v1/worklist`): notes in one status, the earliest
/// ship-by first, none on hold for a change request (pick, hand-over, gate pass and release answer 409
/// `change_pending` meanwhile); each served by `dispatch_notes_status_ship_by`, the hold by `dispatch_holds_active`,
/// the pass by `gate_passes_unused_for_note`. No customer name, address or phone is read.
enum WorklistStore {
    struct Note: Sendable {
        var id: String
        var orderId: String
        var kind: String
        var shipBy: Date
        var since: Date
        /// The unused gate pass (notes handed over).
        var gatePassId: String?
    }

    /// Notes of `kinds` in `status` not on hold; `since` is when the note last changed.
    static func notes(
        status: String, kinds: [String], on connection: PostgresConnection
    ) async throws -> [Note] {
        try await connection.query(
            """
            select n.id, n.order_id, n.kind, n.ship_by, n.updated_at,
                (select g.id from gate_passes g where g.dispatch_note_id = n.id and g.used_at is null and g.voided_at is null
                 order by g.issued_at desc limit 1) as gate_pass_id
            from dispatch_notes n
            where n.status = \(status) and n.kind = any(\(kinds)::text[])
              and not exists (select 1 from dispatch_holds h where h.order_id = n.order_id and h.released_at is null)
            order by n.ship_by, n.id limit \(Worklist.limit)
            """
        ).rows.map(note)
    }

    /// Dispatched notes whose waybill names `carrier`, to deliver.
    static func dispatched(toCarrier carrier: String, on connection: PostgresConnection) async throws -> [Note] {
        try await connection.query(
            """
            select n.id, n.order_id, n.kind, n.ship_by, n.updated_at, null::text as gate_pass_id
            from dispatch_notes n join waybills w on w.dispatch_note_id = n.id
            where n.status = 'dispatched' and w.carrier = \(carrier)
            order by n.ship_by, n.id limit \(Worklist.limit)
            """
        ).rows.map(note)
    }

    private static func note(_ row: PostgresRow) throws -> Note {
        Note(
            id: try row.string("id"), orderId: try row.string("order_id"), kind: try row.string("kind"), shipBy: try row.date("ship_by"),
            since: try row.date("updated_at"), gatePassId: row["gate_pass_id"])
    }
}
