import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

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
    var status: String
    var approval: ApprovalState
    /// Who created it (the token `sub`), as stored; set when loaded (separation of duties).
    var createdBy: String? = nil
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

    /// The quote, locked for the rest of the transaction.
    static func lock(_ id: String, on connection: PostgresConnection) async throws -> Quote {
        guard let row = try await connection.query("select * from quotes where id = $1 for update", [id]).rows.first else {
            throw Problem.notFound("no quote \(id)")
        }
        return Quote(
            id: id, customerId: try row.string("customer_id"), lines: try StoredJSON.decode([OrderLine].self, row, "lines"),
            total: Money(minorUnits: try row.int64("total")), validUntil: try row.date("valid_until"),
            paymentTerms: row["payment_terms"], deliveryDate: row["delivery_date"], status: try row.string("status"),
            approval: try StoredJSON.decode(ApprovalState.self, row, "approval"), createdBy: try row.string("created_by"))
    }

    func insert(by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into quotes (id, customer_id, lines, total, valid_until, payment_terms, delivery_date, status, approval,
                                created_by, created_role, created_at, updated_by, updated_role, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $10, $11, $12)
            """,
            [id, customerId, try StoredJSON.encode(lines), total.minorUnits, validUntil, paymentTerms, deliveryDate, status,
             try StoredJSON.encode(approval), actor.subject, actor.role, now])
    }

    func update(by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            "update quotes set status = $2, approval = $3, updated_by = $4, updated_role = $5, updated_at = $6 where id = $1",
            [id, status, try StoredJSON.encode(approval), actor.subject, actor.role, now])
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
