import Foundation
import O2CContracts

/// A sales contract (销售合同) made from an accepted quote (DOMAIN.md "Quotes, bids and
/// contracts"): pending_approval | approved → signed, or rejected.
struct Contract: Encodable, Sendable {
    var id: String
    var quoteId: String
    var customerId: String
    var lines: [OrderLine]
    var total: Money
    var deliveryAddress: String
    var requestedDeliveryDate: String?
    var paymentTerms: String?
    /// The cancellation term (CONTRACT.md "Changes to an order"): finance's penalty is this percent of the order total.
    var cancellationPenaltyPercent: PenaltyPercent = .zero
    var status: ContractStatus
    var orderId: String?
    var approval: ApprovalState
    /// Who created it (the token `sub`), as stored; set when loaded (separation of duties).
    var createdBy: String? = nil
    /// The customer's owner and region when the contract was made; set when loaded.
    var owner: String? = nil
    var region: String? = nil
    var createdAt: Date? = nil
    /// When it was signed (set when loaded).
    var signedAt: Date? = nil
    /// Who archived it, in which role, when (set when loaded; none until the sales_admin archives it).
    var archive: Archive? = nil
    var requiredApprovals: [Role] { approval.pendingRoles }

    struct Archive: Sendable, Equatable {
        var at: Date
        var by: String
        var role: String
    }

    enum CodingKeys: String, CodingKey {
        case id, quoteId, customerId, lines, total, deliveryAddress, requestedDeliveryDate, paymentTerms, cancellationPenaltyPercent
        case status, orderId
        case requiredApprovals, approvals
        case owner, region, createdAt
        case signedAt, archivedAt, archivedBy, archivedRole
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(quoteId, forKey: .quoteId)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(lines, forKey: .lines)
        try container.encode(total, forKey: .total)
        try container.encode(deliveryAddress, forKey: .deliveryAddress)
        try container.encodeIfPresent(requestedDeliveryDate, forKey: .requestedDeliveryDate)
        try container.encodeIfPresent(paymentTerms, forKey: .paymentTerms)
        try container.encode(cancellationPenaltyPercent, forKey: .cancellationPenaltyPercent)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(orderId, forKey: .orderId)
        try container.encode(requiredApprovals, forKey: .requiredApprovals)
        try container.encode(approval.approvals, forKey: .approvals)
        try container.encodeIfPresent(owner, forKey: .owner)
        try container.encodeIfPresent(region, forKey: .region)
        try container.encodeIfPresent(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(signedAt, forKey: .signedAt)
        try container.encodeIfPresent(archive?.at, forKey: .archivedAt)
        try container.encodeIfPresent(archive?.by, forKey: .archivedBy)
        try container.encodeIfPresent(archive?.role, forKey: .archivedRole)
    }
}
