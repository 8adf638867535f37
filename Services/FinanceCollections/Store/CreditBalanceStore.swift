import Foundation
import O2CContracts
import O2CPostgres

/// Customers' credit balances (overpayments, DOMAIN.md: "an overpayment becomes a credit balance"),
/// each change kept in `credit_movements` with who, in which role and why.
enum CreditBalanceStore {
    static func balance(of customerId: String, on connection: PostgresConnection) async throws -> Money {
        let result = try await connection.query("select balance from customer_credits where customer_id = \(customerId)")
        return Money(minorUnits: try result.first?.int64("balance") ?? 0)
    }

    /// Adds `amount` (negative: uses credit) to the customer's balance and records the movement.
    static func adjust(
        _ customerId: String, by amount: Money, reason: String, receiptId: String? = nil, invoiceId: String? = nil,
        actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        guard amount != .zero else { return }
        // Update, else insert (callers hold the customer's lock): an upsert would check `balance >= 0`
        // against the proposed insert row even when it updates.
        let updated = try await connection.query(
            """
            update customer_credits set balance = balance + \(amount.minorUnits), updated_by = \(actor.subject),
                updated_role = \(actor.role), updated_at = \(now)
            where customer_id = \(customerId)
            """)
        if updated.affectedRows == 0 {
            try await connection.query(
                """
                insert into customer_credits (customer_id, balance, updated_by, updated_role, updated_at)
                values (\(customerId), \(amount.minorUnits), \(actor.subject), \(actor.role), \(now))
                """)
        }
        try await connection.query(
            """
            insert into credit_movements (customer_id, amount, reason, receipt_id, invoice_id, created_by, created_role, created_at)
            values (\(customerId), \(amount.minorUnits), \(reason), \(receiptId), \(invoiceId), \(actor.subject), \(actor.role), \(now))
            """)
    }
}
