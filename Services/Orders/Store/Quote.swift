import Foundation
import O2CContracts

/// A quote or bid (报价单/投标书) as stored (DOMAIN.md "Quotes, bids and contracts"):
/// pending_approval | approved → sent → accepted | rejected | expired.
struct Quote: Encodable, Sendable {
    var id: String
    var customerId: String
    var lines: [OrderLine]
    var total: Money
    var validUntil: Date
    var paymentTerms: String?
    var deliveryDate: String?
    var status: QuoteStatus
    var approval: ApprovalState
    /// Who created it (the token `sub`), as stored; set when loaded (separation of duties).
    var createdBy: String? = nil
    /// When it was made, as stored; set when loaded (its printed form's date).
    var createdAt: Date? = nil
    var requiredApprovals: [Role] { approval.pendingRoles }

    enum CodingKeys: String, CodingKey {
        case id, customerId, lines, total, validUntil, paymentTerms, deliveryDate, status, requiredApprovals, approvals
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(lines, forKey: .lines)
        try container.encode(total, forKey: .total)
        try container.encode(validUntil, forKey: .validUntil)
        try container.encodeIfPresent(paymentTerms, forKey: .paymentTerms)
        try container.encodeIfPresent(deliveryDate, forKey: .deliveryDate)
        try container.encode(status, forKey: .status)
        try container.encode(requiredApprovals, forKey: .requiredApprovals)
        try container.encode(approval.approvals, forKey: .approvals)
    }

    /// `validUntil` as a date (valid through that day, UTC) or an RFC 3339 instant, both between
    /// 2000-01-01 and 2199-12-31.
    static func parseValidUntil(_ text: String) -> Date? {
        if let date = CalendarDate(text) {
            return Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch + 1) * 86_400)
        }
        return Instant.parse(text)
    }
}
