/// A quote or bid (报价单/投标书, DOMAIN.md "Quotes, bids and contracts"):
/// pending_approval | approved → sent → accepted | rejected | expired.
enum QuoteStatus: String, CaseIterable, Codable, Sendable, Hashable, ApprovalStatus {
    case pendingApproval = "pending_approval"
    case approved, sent, accepted, rejected, expired
}
