/// A sales contract (销售合同, DOMAIN.md "Quotes, bids and contracts"): pending_approval | approved → signed, or rejected.
enum ContractStatus: String, CaseIterable, Codable, Sendable, Hashable, ApprovalStatus {
    case pendingApproval = "pending_approval"
    case approved, signed, rejected
}
