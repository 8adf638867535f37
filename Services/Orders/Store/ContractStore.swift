import Foundation
import O2CContracts
import O2CPostgres

/// The `contracts` table.
enum ContractStore {
    /// The contract, locked for the rest of the transaction.
    static func lock(_ id: String, on connection: PostgresConnection) async throws -> Contract {
        guard let row = try await connection.query("select * from contracts where id = \(id) for update").rows.first else {
            throw RuleViolation.notFound("no contract \(id)")
        }
        return try contract(from: row)
    }

    static func contract(from row: PostgresRow) throws -> Contract {
        Contract(
            id: try row.string("id"), quoteId: try row.string("quote_id"), customerId: try row.string("customer_id"),
            lines: try StoredJSON.decode([OrderLine].self, row, "lines"), total: Money(minorUnits: try row.int64("total")),
            deliveryAddress: try row.string("delivery_address"), requestedDeliveryDate: row["requested_delivery_date"],
            paymentTerms: row["payment_terms"],
            cancellationPenaltyPercent: PenaltyPercent(uncheckedBasisPoints: try row.int("cancellation_penalty_bp")),
            status: try row.value("status"), orderId: row["order_id"],
            approval: try StoredJSON.decode(ApprovalState.self, row, "approval"), createdBy: try row.string("created_by"),
            owner: row["owner"], region: row["region"], createdAt: try row.date("created_at"),
            signedAt: try row.optionalDate("signed_at"), archive: try archiveRecord(row))
    }

    /// Who archived the contract, if anyone.
    private static func archiveRecord(_ row: PostgresRow) throws -> Contract.Archive? {
        guard let at = try row.optionalDate("archived_at") else { return nil }
        return Contract.Archive(at: at, by: try row.string("archived_by"), role: try row.string("archived_role"))
    }

    /// Records that the sales_admin archived the signed contract (DOMAIN.md "Quotes, bids and contracts": the
    /// sales_admin archives it the same day).
    static func archive(_ id: String, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update contracts set archived_at = \(now), archived_by = \(actor.subject), archived_role = \(actor.role)
            where id = \(id) and status = 'signed' and archived_at is null
            """)
    }

    /// The id of the quote's contract that is not rejected, if any (a quote makes one contract).
    static func openContract(ofQuote quoteId: String, on connection: PostgresConnection) async throws -> String? {
        let row = try await connection.query("select id from contracts where quote_id = \(quoteId) and status <> 'rejected'").rows.first
        return try row?.string("id")
    }

    /// The cancellation term of an order's contract; 0 for an order without one (a phone or fax order).
    static func cancellationPenalty(ofContract contractId: String?, on connection: PostgresConnection) async throws -> PenaltyPercent {
        guard let contractId,
            let row = try await connection.query("select cancellation_penalty_bp from contracts where id = \(contractId)").first
        else { return .zero }
        return PenaltyPercent(uncheckedBasisPoints: try row.int("cancellation_penalty_bp"))
    }

    static func insert(_ contract: Contract, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into contracts (id, quote_id, customer_id, lines, total, delivery_address, requested_delivery_date, payment_terms,
                                   status, approval, created_by, created_role, created_at, updated_by, updated_role, updated_at,
                                   cancellation_penalty_bp, owner, region)
            values (\(contract.id), \(contract.quoteId), \(contract.customerId), \(try StoredJSON.encode(contract.lines)),
                    \(contract.total.minorUnits), \(contract.deliveryAddress), \(contract.requestedDeliveryDate), \(contract.paymentTerms),
                    \(contract.status.rawValue), \(try StoredJSON.encode(contract.approval)), \(actor.subject), \(actor.role), \(now),
                    \(actor.subject), \(actor.role), \(now), \(contract.cancellationPenaltyPercent.basisPoints),
                    (select owner from customers where id = \(contract.customerId)),
                    (select region from customers where id = \(contract.customerId)))
            """)
    }

    /// Writes the status, the approval state and the order it was signed into.
    static func update(_ contract: Contract, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update contracts set status = \(contract.status.rawValue), approval = \(try StoredJSON.encode(contract.approval)),
                order_id = \(contract.orderId),
                signed_at = case when \(contract.status.rawValue) = 'signed' then coalesce(signed_at, \(now)) end,
                updated_by = \(actor.subject), updated_role = \(actor.role), updated_at = \(now)
            where id = \(contract.id)
            """)
    }
}
