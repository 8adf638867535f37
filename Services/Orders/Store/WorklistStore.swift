import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// The statements of orders' worklist (`GET /v1/worklist`): what waits, oldest first, each served by a partial
/// index of migration 210 over the rows that still wait.
enum WorklistStore {
    /// Candidates read per statement: whose decision an approval waits for is decided from its approval state,
    /// so a statement reads more than the worklist shows.
    static let scanLimit = 1_000

    /// A document awaiting approval or confirmation.
    struct Pending: Sendable {
        var id: String
        var createdAt: Date
        var createdBy: String
        var approval: ApprovalState
        /// Its total (quotes, contracts, orders) or its kind (change requests), for the title.
        var detail: String
        /// A quote's validUntil.
        var validUntil: Date?
    }

    /// Quotes awaiting approval that `caller` did not create.
    static func pendingQuotes(notBy caller: String, on connection: PostgresConnection) async throws -> [Pending] {
        try await connection.query(
            """
            select id, created_at, created_by, approval, total, valid_until from quotes
            where status = 'pending_approval' and created_by <> \(caller) order by created_at, id limit \(scanLimit)
            """
        ).rows.map { row in
            try pending(row, detail: Money(minorUnits: try row.int64("total")).description, validUntil: try row.date("valid_until"))
        }
    }

    /// Contracts awaiting approval that `caller` did not create.
    static func pendingContracts(notBy caller: String, on connection: PostgresConnection) async throws -> [Pending] {
        try await connection.query(
            """
            select id, created_at, created_by, approval, total from contracts
            where status = 'pending_approval' and created_by <> \(caller) order by created_at, id limit \(scanLimit)
            """
        ).rows.map { row in try pending(row, detail: Money(minorUnits: try row.int64("total")).description) }
    }

    /// Amendments and cancellations awaiting approval that `caller` did not request; `detail` is the kind.
    static func pendingRequests(notBy caller: String, on connection: PostgresConnection) async throws -> [(Pending, orderId: String)] {
        try await connection.query(
            """
            select id, order_id, kind, created_at, created_by, approval from order_requests
            where status = 'pending_approval' and created_by <> \(caller) order by created_at, id limit \(scanLimit)
            """
        ).rows.map { row in (try pending(row, detail: try row.string("kind")), orderId: try row.string("order_id")) }
    }

    /// Phone and fax orders awaiting confirmation that `caller` did not take.
    static func unconfirmedOrders(notBy caller: String, on connection: PostgresConnection) async throws -> [Pending] {
        try await connection.query(
            """
            select id, created_at, created_by, approval, total from orders
            where status = 'awaiting_confirmation' and created_by <> \(caller) order by created_at, id limit \(scanLimit)
            """
        ).rows.compactMap { row in
            guard row["approval"] != nil else { return nil }
            return try pending(row, detail: Money(minorUnits: try row.int64("total")).description)
        }
    }

    /// A signed contract not yet archived.
    struct Unarchived: Sendable {
        var id: String
        var orderId: String?
        var total: Money
        var signedAt: Date
    }

    /// Signed contracts not archived, the oldest signing first.
    static func unarchivedContracts(on connection: PostgresConnection) async throws -> [Unarchived] {
        try await connection.query(
            """
            select id, order_id, total, signed_at from contracts
            where status = 'signed' and archived_at is null order by signed_at, id limit \(Worklist.limit)
            """
        ).rows.map { row in
            Unarchived(
                id: try row.string("id"), orderId: row["order_id"], total: Money(minorUnits: try row.int64("total")),
                signedAt: try row.date("signed_at"))
        }
    }

    private static func pending(_ row: PostgresRow, detail: String, validUntil: Date? = nil) throws -> Pending {
        Pending(
            id: try row.string("id"), createdAt: try row.date("created_at"), createdBy: try row.string("created_by"),
            approval: try StoredJSON.decode(ApprovalState.self, row, "approval"), detail: detail, validUntil: validUntil)
    }
}
