import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

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
    var status: String
    var orderId: String?
    var approval: ApprovalState
    /// Who created it (the token `sub`), as stored; set when loaded (separation of duties).
    var createdBy: String? = nil
    var requiredApprovals: [Role] { approval.pendingRoles }

    enum CodingKeys: String, CodingKey {
        case id, quoteId, customerId, lines, total, deliveryAddress, requestedDeliveryDate, paymentTerms, cancellationPenaltyPercent
        case status, orderId
        case requiredApprovals, approvals
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
    }

    static func lock(_ id: String, on connection: PostgresConnection) async throws -> Contract {
        guard let row = try await connection.query("select * from contracts where id = $1 for update", [id]).rows.first else {
            throw Problem.notFound("no contract \(id)")
        }
        return Contract(
            id: id, quoteId: try row.string("quote_id"), customerId: try row.string("customer_id"),
            lines: try StoredJSON.decode([OrderLine].self, row, "lines"), total: Money(minorUnits: try row.int64("total")),
            deliveryAddress: try row.string("delivery_address"), requestedDeliveryDate: row["requested_delivery_date"],
            paymentTerms: row["payment_terms"],
            cancellationPenaltyPercent: PenaltyPercent(uncheckedBasisPoints: try row.int("cancellation_penalty_bp")), status: try row.string("status"), orderId: row["order_id"],
            approval: try StoredJSON.decode(ApprovalState.self, row, "approval"), createdBy: try row.string("created_by"))
    }

    func insert(by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into contracts (id, quote_id, customer_id, lines, total, delivery_address, requested_delivery_date, payment_terms,
                                   status, approval, created_by, created_role, created_at, updated_by, updated_role, updated_at,
                                   cancellation_penalty_bp)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $11, $12, $13, $14)
            """,
            [id, quoteId, customerId, try StoredJSON.encode(lines), total.minorUnits, deliveryAddress, requestedDeliveryDate,
             paymentTerms, status, try StoredJSON.encode(approval), actor.subject, actor.role, now, cancellationPenaltyPercent.basisPoints])
    }

    func update(by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update contracts set status = $2, approval = $3, order_id = $4, updated_by = $5, updated_role = $6, updated_at = $7
            where id = $1
            """,
            [id, status, try StoredJSON.encode(approval), orderId, actor.subject, actor.role, now])
    }
}
