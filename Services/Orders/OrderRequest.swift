import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// A customer's written change request on an order (DOMAIN.md "Order amendments", 更改合同条款): what it
/// asks, the approvals it needs, and where it is in `ChangeRequestFlow` (pending_approval → applying: the
/// dispatch note held, credit for a higher total → applied | rejected with a code).
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
    var flow: ChangeRequestFlow
    var approval: ApprovalState

    var status: ChangeRequestFlow.Status { flow.status }

    enum CodingKeys: String, CodingKey {
        case requestId, orderId, kind, details, status, waitingFor, requiredApprovals, approvals, rejection
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .requestId)
        try container.encode(orderId, forKey: .orderId)
        try container.encode(kind, forKey: .kind)
        try container.encode(details, forKey: .details)
        try container.encode(flow.status, forKey: .status)
        // What an `applying` request waits for: the warehouse's hold of the note, or credit.
        try container.encodeIfPresent(flow.stage.map { $0 == .holding ? "warehouse" : "credit" }, forKey: .waitingFor)
        try container.encode(approval.pendingRoles, forKey: .requiredApprovals)
        try container.encode(approval.approvals, forKey: .approvals)
        try container.encodeIfPresent(flow.rejection, forKey: .rejection)
    }

    static func lock(_ id: String, on connection: PostgresConnection) async throws -> OrderRequest {
        guard let request = try await find(id, on: connection) else { throw Problem.notFound("no order request \(id)") }
        return request
    }

    /// The request, locked for the rest of the transaction; nil if there is none.
    static func find(_ id: String, on connection: PostgresConnection) async throws -> OrderRequest? {
        guard let row = try await connection.query("select * from order_requests where id = $1 for update", [id]).rows.first else {
            return nil
        }
        let status = try row.string("status")
        guard let kind = AmendmentKind(rawValue: try row.string("kind")), let flowStatus = ChangeRequestFlow.Status(rawValue: status) else {
            throw PostgresError(code: .decodingFailed, message: "order request \(id) has kind \(try row.string("kind")) or status \(status) unknown here")
        }
        let flow = ChangeRequestFlow(
            status: flowStatus, stage: row.optionalString("applying_stage").flatMap(ChangeRequestFlow.Stage.init(rawValue:)),
            rejection: row.optionalString("rejection_code").map { .init(code: $0, reason: row.optionalString("rejection_reason") ?? "") })
        return OrderRequest(
            id: id, createdBy: try row.string("created_by"), orderId: try row.string("order_id"), kind: kind,
            details: try StoredJSON.decode(Details.self, row, "details"), flow: flow,
            approval: try StoredJSON.decode(ApprovalState.self, row, "approval"))
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
            [id, orderId, kind.rawValue, try StoredJSON.encode(details), flow.status.rawValue, try StoredJSON.encode(approval), actor.subject,
             actor.role, now])
        guard result.affectedRows == 1 else { throw Problem.conflict("order \(orderId) already has a cancellation request") }
    }

    func update(by actor: Actor, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update order_requests set status = $2, approval = $3, updated_by = $4, updated_role = $5, updated_at = $6,
                                      rejection_code = $7, rejection_reason = $8, applying_stage = $9
            where id = $1
            """,
            [id, flow.status.rawValue, try StoredJSON.encode(approval), actor.subject, actor.role, now, flow.rejection?.code,
             flow.rejection?.reason, flow.stage?.rawValue])
    }
}
