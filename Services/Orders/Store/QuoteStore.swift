import Foundation
import O2CContracts
import O2CPostgres

/// The `quotes` table.
enum QuoteStore {
    /// The quote, locked for the rest of the transaction.
    static func lock(_ id: String, on connection: PostgresConnection) async throws -> Quote {
        guard let row = try await connection.query("select * from quotes where id = \(id) for update").rows.first else {
            throw RuleViolation.notFound("no quote \(id)")
        }
        return Quote(
            id: id, customerId: try row.string("customer_id"), lines: try StoredJSON.decode([OrderLine].self, row, "lines"),
            total: Money(minorUnits: try row.int64("total")), validUntil: try row.date("valid_until"),
            paymentTerms: row["payment_terms"], deliveryDate: row["delivery_date"], status: try row.value("status"),
            approval: try StoredJSON.decode(ApprovalState.self, row, "approval"), createdBy: try row.string("created_by"),
            createdAt: try row.date("created_at"))
    }

    static func insert(_ quote: Quote, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into quotes (id, customer_id, lines, total, valid_until, payment_terms, delivery_date, status, approval,
                                created_by, created_role, created_at, updated_by, updated_role, updated_at)
            values (\(quote.id), \(quote.customerId), \(try StoredJSON.encode(quote.lines)), \(quote.total.minorUnits), \(quote.validUntil),
                    \(quote.paymentTerms), \(quote.deliveryDate), \(quote.status.rawValue), \(try StoredJSON.encode(quote.approval)),
                    \(actor.subject), \(actor.role), \(now), \(actor.subject), \(actor.role), \(now))
            """)
    }

    /// Writes the status and the approval state.
    static func update(_ quote: Quote, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update quotes set status = \(quote.status.rawValue), approval = \(try StoredJSON.encode(quote.approval)),
                updated_by = \(actor.subject), updated_role = \(actor.role), updated_at = \(now)
            where id = \(quote.id)
            """)
    }
}
