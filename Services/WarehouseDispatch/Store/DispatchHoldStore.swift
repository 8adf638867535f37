import Foundation
import O2CContracts
import O2CPostgres

/// The holds change requests put on an order's sale note (`DispatchHold`), one row per request: put on by
/// `orders.dispatch_hold_requested.v1`, lifted when the change is applied (`orders.order_amended.v1`, the
/// shipment cancelled) or the request ends otherwise (`orders.dispatch_hold_release_requested.v1`).
enum DispatchHoldStore {
    /// Records the hold of `requestId`; a second request for the same id changes nothing.
    static func hold(
        requestId: String, orderId: String, kind: String, note: DispatchNote?, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        let inserted = try await connection.query(
            """
            insert into dispatch_holds (request_id, order_id, kind, dispatch_note_id, held_by, held_role, held_at)
            values (\(requestId), \(orderId), \(kind), \(note?.id), \(actor.subject), \(actor.role), \(now))
            on conflict (request_id) do nothing
            """)
        if inserted.affectedRows == 1, let note {
            try await DispatchNoteStore.note(note, "on hold for change request \(requestId) (\(kind))", by: actor, at: now, on: connection)
        }
    }

    /// Lifts the hold of one request; returns whether one was on.
    @discardableResult
    static func release(
        requestId: String, reason: String, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws -> Bool {
        let released = try await connection.query(
            """
            update dispatch_holds
            set released_at = \(now), released_by = \(actor.subject), released_role = \(actor.role), release_reason = \(reason)
            where request_id = \(requestId) and released_at is null returning order_id
            """)
        guard let row = released.rows.first else { return false }
        if let note = try await DispatchNoteStore.find(orderId: try row.string("order_id"), on: connection) {
            try await DispatchNoteStore.note(
                note, "hold of change request \(requestId) lifted: \(reason)", by: actor, at: now, on: connection)
        }
        return true
    }

    /// Lifts every hold on the order (its shipment was cancelled).
    static func releaseAll(orderId: String, reason: String, by actor: Author, at now: Date, on connection: PostgresConnection) async throws
    {
        try await connection.query(
            """
            update dispatch_holds
            set released_at = \(now), released_by = \(actor.subject), released_role = \(actor.role), release_reason = \(reason)
            where order_id = \(orderId) and released_at is null
            """)
    }
}
