import Foundation
import O2CContracts

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
}

extension OrderRequest {
    /// Records finance's penalty on the request: in `details.penalty` (which the applier hands to the saga) and with its basis.
    /// The saga asks finance to keep the contractual penalty; finance keeps at most what is paid when it refunds, so a
    /// deposit paid after the computation is not refunded whole (`amount` is what would be kept at the computation).
    mutating func record(_ computation: PenaltyComputation) {
        details.penalty = computation.contractualPenalty
        penaltyComputation = computation
    }
}
