import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// A customer's written change request on an order (DOMAIN.md "Order amendments", 更改合同条款):
/// what it asks, the approvals it needs, pending_approval → approved (and applied) | rejected. An amendment
/// that raises the total goes approved → applying (credit decides) → applied | rejected with credit's code.
struct OrderRequest: Encodable {
    /// What the request asks, as written.
    struct Details: Codable {
        var reason: String?
        var penalty: Money?
        var buyerName: String?
        var paymentMethod: String?
        var lines: [OrderLine]?
    }

    var id: String
    /// Who created it (the token `sub`), as stored; set when loaded (separation of duties).
    var createdBy: String? = nil
    var orderId: String
    var kind: AmendmentKind
    var details: Details
    var status: String
    var approval: ApprovalState
    /// Why a request that was approved could not be applied (e.g. `credit_limit_exceeded`); nil otherwise.
    var rejection: Rejection?

    struct Rejection: Codable {
        var code: String
        var reason: String
    }

    enum CodingKeys: String, CodingKey { case requestId, orderId, kind, details, status, requiredApprovals, approvals, rejection }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .requestId)
        try container.encode(orderId, forKey: .orderId)
        try container.encode(kind, forKey: .kind)
        try container.encode(details, forKey: .details)
        try container.encode(status, forKey: .status)
        try container.encode(approval.pendingRoles, forKey: .requiredApprovals)
        try container.encode(approval.approvals, forKey: .approvals)
        try container.encodeIfPresent(rejection, forKey: .rejection)
    }

    static func lock(_ id: String, on connection: PostgresConnection) async throws -> OrderRequest {
        guard let row = try await connection.query("select * from order_requests where id = $1 for update", [id]).rows.first else {
            throw Problem.notFound("no order request \(id)")
        }
        return OrderRequest(
            id: id, createdBy: try row.string("created_by"), orderId: try row.string("order_id"),
            kind: AmendmentKind(rawValue: try row.string("kind")) ?? .cancel,
            details: try StoredJSON.decode(Details.self, row, "details"), status: try row.string("status"),
            approval: try StoredJSON.decode(ApprovalState.self, row, "approval"),
            rejection: row.optionalString("rejection_code").map { Rejection(code: $0, reason: row.optionalString("rejection_reason") ?? "") })
    }

    /// Stores a new request; a second open cancellation of the same order is a 409 conflict.
    func insert(by actor: Actor, at now: Date, on connection: PostgresConnection) async throws {
        let result = try await connection.query(
            """
            insert into order_requests (id, order_id, kind, details, status, approval, created_by, created_role, created_at,
                                        updated_by, updated_role, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $7, $8, $9)
            on conflict do nothing
            """,
            [id, orderId, kind.rawValue, try StoredJSON.encode(details), status, try StoredJSON.encode(approval), actor.subject,
             actor.role, now])
        guard result.affectedRows == 1 else { throw Problem.conflict("order \(orderId) already has a cancellation request") }
    }

    func update(by actor: Actor, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update order_requests set status = $2, approval = $3, updated_by = $4, updated_role = $5, updated_at = $6,
                                      rejection_code = $7, rejection_reason = $8
            where id = $1
            """,
            [id, status, try StoredJSON.encode(approval), actor.subject, actor.role, now, rejection?.code, rejection?.reason])
    }
}
