import Foundation
import O2CContracts
import O2CPostgres

/// The `order_requests` table: change requests and their place in `ChangeRequestFlow`.
enum OrderRequestStore {
    /// The request, locked for the rest of the transaction.
    static func lock(_ id: String, on connection: PostgresConnection) async throws -> OrderRequest {
        guard let request = try await find(id, on: connection) else {
            throw RuleViolation.notFound("no order request \(id)")
        }
        return request
    }

    /// The request, locked for the rest of the transaction; nil if there is none.
    static func find(_ id: String, on connection: PostgresConnection) async throws -> OrderRequest? {
        guard let row = try await connection.query("select * from order_requests where id = \(id) for update").rows.first else {
            return nil
        }
        return try request(from: row)
    }

    static func request(from row: PostgresRow) throws -> OrderRequest {
        let id = try row.string("id")
        let status = try row.string("status")
        guard let kind = AmendmentKind(rawValue: try row.string("kind")), let flowStatus = ChangeRequestFlow.Status(rawValue: status) else {
            throw PostgresError(
                code: .decodingFailed, message: "order request \(id) has kind \(try row.string("kind")) or status \(status) unknown here")
        }
        let flow = ChangeRequestFlow(
            status: flowStatus, stage: row.optionalString("applying_stage").flatMap(ChangeRequestFlow.Stage.init(rawValue:)),
            rejection: row.optionalString("rejection_code").map { .init(code: $0, reason: row.optionalString("rejection_reason") ?? "") })
        return OrderRequest(
            id: id, createdBy: try row.string("created_by"), orderId: try row.string("order_id"), kind: kind,
            details: try StoredJSON.decode(OrderRequest.Details.self, row, "details"), flow: flow,
            approval: try StoredJSON.decode(ApprovalState.self, row, "approval"),
            penaltyComputation: row.optionalString("penalty_computation") == nil
                ? nil : try StoredJSON.decode(OrderRequest.PenaltyComputation.self, row, "penalty_computation"))
    }

    /// Stores a new request; a second open cancellation of the same order is a 409 conflict.
    static func insert(_ request: OrderRequest, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        let result = try await connection.query(
            """
            insert into order_requests (id, order_id, kind, details, status, approval, created_by, created_role, created_at,
                                        updated_by, updated_role, updated_at)
            values (\(request.id), \(request.orderId), \(request.kind.rawValue), \(try StoredJSON.encode(request.details)),
                    \(request.flow.status.rawValue), \(try StoredJSON.encode(request.approval)), \(actor.subject), \(actor.role), \(now),
                    \(actor.subject), \(actor.role), \(now))
            on conflict do nothing
            """)
        guard result.affectedRows == 1 else {
            throw RuleViolation.conflict("order \(request.orderId) already has a cancellation request")
        }
    }

    /// Writes the flow's status, stage and rejection and the approval state.
    static func update(_ request: OrderRequest, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update order_requests set status = \(request.flow.status.rawValue), approval = \(try StoredJSON.encode(request.approval)),
                                      updated_by = \(actor.subject), updated_role = \(actor.role), updated_at = \(now),
                                      rejection_code = \(request.flow.rejection?.code), rejection_reason = \(request.flow.rejection?.reason),
                                      applying_stage = \(request.flow.stage?.rawValue)
            where id = \(request.id)
            """)
    }

    /// Writes finance's penalty (`OrderRequest.record`): the details and the computation.
    static func updatePenalty(_ request: OrderRequest, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update order_requests set details = \(try StoredJSON.encode(request.details)),
                penalty_computation = \(try request.penaltyComputation.map { try StoredJSON.encode($0) })
            where id = \(request.id)
            """)
    }
}
