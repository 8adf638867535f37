import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CSaga

/// Returns in SQL: the return and its lines, its status (following the saga), and the history of every
/// step with who, in which role, when, and their comment.
struct ReturnStore {
    let connection: PostgresConnection

    func insert(_ request: ReturnSaga.Request, by actor: Author, at now: Date) async throws {
        try await connection.query(
            """
            insert into returns (id, order_id, customer_id, kind, reason, status, created_by, created_role, created_at, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
            """,
            [request.returnId, request.orderId, request.customerId, request.kind.rawValue, request.reason,
             ReturnSaga.Phase.awaitingConfirmation.rawValue, actor.subject, actor.role, now])
        for line in request.lines {
            try await connection.query(
                "insert into return_lines (return_id, sku, quantity, unit_price) values ($1, $2, $3, $4)",
                [request.returnId, line.sku, line.quantity, line.unitPrice.minorUnits])
        }
        try await connection.query(
            """
            insert into return_history (return_id, action, status, comment, changed_by, changed_role, changed_at)
            values ($1, 'requested', $2, $3, $4, $5, $6)
            """, [request.returnId, ReturnSaga.Phase.awaitingConfirmation.rawValue, request.reason, actor.subject, actor.role, now])
    }

    /// The return's status, locked for the rest of the transaction (decisions on one return serialise).
    func lockedStatus(_ id: String) async throws -> String? {
        try await connection.query("select status from returns where id = $1 for update", [id]).rows.first?.string("status")
    }

    /// The return's state, requester and the people who took its decision steps so far, locked for the
    /// rest of the transaction (decisions on one return serialise).
    func lockedFacts(_ id: String) async throws -> ReturnStepRules.Facts? {
        guard let row = try await connection.query("select status, created_by from returns where id = $1 for update", [id]).rows.first
        else { return nil }
        let steps = try await connection.query(
            """
            select changed_by, changed_role from return_history
            where return_id = $1 and action in ('confirmed', 'inspected_genuine', 'inspected_not_genuine') order by id
            """, [id])
        var decisions: [ReturnStepRules.Facts.Decision] = []
        for step in steps.rows {
            if let role = Role(rawValue: try step.string("changed_role")) {
                decisions.append(.init(person: try step.string("changed_by"), role: role))
            }
        }
        return ReturnStepRules.Facts(
            state: try row.string("status"), document: .init("return \(id)", author: try row.string("created_by")), decisions: decisions)
    }

    /// Records a step and moves the return's status to the saga's state.
    func recordStep(_ id: String, action: String, status: String, comment: String?, by actor: Author, at now: Date) async throws {
        try await connection.query("update returns set status = $2, updated_at = $3 where id = $1", [id, status, now])
        try await connection.query(
            """
            insert into return_history (return_id, action, status, comment, changed_by, changed_role, changed_at)
            values ($1, $2, $3, $4, $5, $6, $7)
            """, [id, action, status, comment, actor.subject, actor.role, now])
    }

    /// Keeps what the warehouse took back of each line (nothing counted is 0); the first count stands.
    func recordReceived(_ id: String, lines: [ReturnLine]) async throws {
        let received = try await connection.query("select sku from return_lines where return_id = $1", [id])
        for row in received.rows {
            let sku = try row.string("sku")
            let quantity = lines.first { $0.sku == sku }?.quantity ?? 0
            try await connection.query(
                "update return_lines set received_quantity = coalesce(received_quantity, $3) where return_id = $1 and sku = $2",
                [id, sku, quantity])
        }
    }

    /// The ids of an order's returns, oldest first.
    func ids(orderId: String) async throws -> [String] {
        try await connection.query("select id from returns where order_id = $1 order by created_at, id", [orderId])
            .rows.map { try $0.string("id") }
    }
}
