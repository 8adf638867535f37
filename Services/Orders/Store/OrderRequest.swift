import Foundation
import HTTPTypes
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
        /// A cancellation's penalty as finance computed it (`penaltyComputation`); never typed by the requester.
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
    /// A cancellation's penalty as finance computed it (`finance.cancellation_penalty_computed.v1`); nil until then.
    var penaltyComputation: PenaltyComputation? = nil

    var status: ChangeRequestFlow.Status { flow.status }

    /// What finance answered, and on what basis (DOMAIN.md "Order amendments": finance computes any penalty).
    struct PenaltyComputation: Codable {
        var amount: Money
        var computedBy: String
        var computedAt: Date
        var cancellationPenaltyPercent: PenaltyPercent
        var orderTotal: Money
        var contractualPenalty: Money
        var depositPaid: Money
    }

    /// `penalty` in the view of a cancellation: `pending` until finance answered, then `computed` with the figures.
    private struct PenaltyView: Encodable {
        var status: String
        var amount: Money?
        var computedBy: String?
        var computedAt: Date?
        var cancellationPenaltyPercent: PenaltyPercent?
        var orderTotal: Money?
        var contractualPenalty: Money?
        var depositPaid: Money?

        init(_ computation: PenaltyComputation?) {
            status = computation == nil ? "pending" : "computed"
            amount = computation?.amount
            computedBy = computation?.computedBy
            computedAt = computation?.computedAt
            cancellationPenaltyPercent = computation?.cancellationPenaltyPercent
            orderTotal = computation?.orderTotal
            contractualPenalty = computation?.contractualPenalty
            depositPaid = computation?.depositPaid
        }
    }

    enum CodingKeys: String, CodingKey {
        case requestId, orderId, kind, details, status, waitingFor, requiredApprovals, approvals, rejection, penalty
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
        if kind == .cancel {
            try container.encode(PenaltyView(penaltyComputation), forKey: .penalty)
        }
    }

    /// The last approval of a cancellation needs finance's penalty first (409 `penalty_pending`; nothing is recorded).
    func requirePenalty() throws {
        guard kind == .cancel, penaltyComputation == nil else { return }
        throw Problem(
            status: .conflict, code: "penalty_pending",
            detail: "finance has not computed the penalty of cancellation request \(id) yet; approve again once it shows on the request")
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
            approval: try StoredJSON.decode(ApprovalState.self, row, "approval"),
            penaltyComputation: row.optionalString("penalty_computation") == nil
                ? nil : try StoredJSON.decode(PenaltyComputation.self, row, "penalty_computation"))
    }

    /// Stores a new request; a second open cancellation of the same order is a 409 conflict.
    func insert(by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
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

    func update(by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
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

extension OrderRequest {
    /// Records finance's penalty on the request: in `details.penalty` (which the applier hands to the saga) and with its basis.
    /// The saga asks finance to keep the contractual penalty; finance keeps at most what is paid when it refunds, so a
    /// deposit paid after the computation is not refunded whole (`amount` is what would be kept at the computation).
    mutating func recordPenalty(_ computation: PenaltyComputation, on connection: PostgresConnection) async throws {
        details.penalty = computation.contractualPenalty
        penaltyComputation = computation
        try await connection.query(
            "update order_requests set details = $2, penalty_computation = $3 where id = $1",
            [id, try StoredJSON.encode(details), try StoredJSON.encode(computation)])
    }
}
