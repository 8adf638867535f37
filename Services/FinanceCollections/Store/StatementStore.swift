import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// The monthly statement's figures (每月对账) and the customer's confirmations of it (`statement_confirmations`).
enum StatementStore {
    struct Confirmation: Encodable {
        var customerId: String, month: String, confirmedBy: String, note: String
        var recordedBy: String, recordedRole: String, recordedAt: Date
        init(_ row: PostgresRow) throws {
            (customerId, month, confirmedBy, note) = (
                try row.string("customer_id"), try row.string("month"), try row.string("confirmed_by"), try row.string("note")
            )
            (recordedBy, recordedRole, recordedAt) = (
                try row.string("recorded_by"), try row.string("recorded_role"), try row.date("recorded_at")
            )
        }
    }

    static let confirmationColumns: SQL = "customer_id, month, confirmed_by, note, recorded_by, recorded_role, recorded_at"

    /// Balance at an instant = charges issued (deposit, balance, freight; cancelled ones left out) − credit
    /// notes − receipts + what was paid on cancelled deposits (refunded, or kept as the penalty) + the
    /// refunded part of credit notes: positive when the customer owes, negative when in credit.
    static func balance(of customerId: String, before instant: Date, on connection: PostgresConnection) async throws -> Money {
        let result = try await connection.query(
            """
            select
              (select coalesce(sum(case when kind = 'credit_note' then -amount else amount end), 0)
                 from invoices where customer_id = \(customerId) and status <> 'cancelled' and issued_at < \(instant))
              - (select coalesce(sum(amount), 0) from receipts where customer_id = \(customerId) and recorded_at < \(instant))
              + (select coalesce(sum(paid), 0) from refunds where customer_id = \(customerId) and created_at < \(instant))
              + (select coalesce(sum(amount), 0) from credit_note_refunds where customer_id = \(customerId) and created_at < \(instant)) as balance
            """)
        return Money(minorUnits: try result.onlyRow().int64("balance"))
    }

    /// Records the customer's confirmation of the month's statement; once per customer and month (409 `conflict` after).
    static func confirm(
        customerId: String, month: String, confirmedBy: String, note: String, recordedBy actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws -> Confirmation {
        let inserted = try await connection.query(
            """
            insert into statement_confirmations (customer_id, month, confirmed_by, note, recorded_by, recorded_role, recorded_at)
            values (\(customerId), \(month), \(confirmedBy), \(note), \(actor.subject), \(actor.role), \(now))
            on conflict do nothing returning \(confirmationColumns)
            """)
        guard let row = inserted.first else {
            throw RuleViolation.conflict("the statement of \(month) for customer \(customerId) is already confirmed")
        }
        return try Confirmation(row)
    }

    static func confirmation(of customerId: String, month: String, on connection: PostgresConnection) async throws -> Confirmation? {
        try await connection.query(
            "select \(confirmationColumns) from statement_confirmations where customer_id = \(customerId) and month = \(month)"
        ).first.map(Confirmation.init)
    }
}
