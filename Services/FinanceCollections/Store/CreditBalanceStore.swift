import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Customers' credit balances (overpayments, DOMAIN.md: "an overpayment becomes a credit balance"),
/// each change kept in `credit_movements` with who, in which role and why.
enum CreditBalances {
    static func balance(of customerId: String, on connection: PostgresConnection) async throws -> Money {
        let result = try await connection.query("select balance from customer_credits where customer_id = $1", [customerId])
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
            update customer_credits set balance = balance + $2, updated_by = $3, updated_role = $4, updated_at = $5
            where customer_id = $1
            """, [customerId, amount.minorUnits, actor.subject, actor.role, now])
        if updated.affectedRows == 0 {
            try await connection.query(
                """
                insert into customer_credits (customer_id, balance, updated_by, updated_role, updated_at)
                values ($1, $2, $3, $4, $5)
                """, [customerId, amount.minorUnits, actor.subject, actor.role, now])
        }
        try await connection.query(
            """
            insert into credit_movements (customer_id, amount, reason, receipt_id, invoice_id, created_by, created_role, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            """, [customerId, amount.minorUnits, reason, receiptId, invoiceId, actor.subject, actor.role, now])
    }

    /// Records allocation lines (from a receipt, or from the credit balance when `receiptId` is nil).
    static func recordAllocations(
        _ lines: [AllocationLine], receiptId: String?, actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        for line in lines {
            try await connection.query(
                """
                insert into allocations (receipt_id, invoice_id, source, amount, created_by, created_role, created_at)
                values ($1, $2, $3, $4, $5, $6, $7)
                """,
                [receiptId, line.invoiceId, receiptId == nil ? "credit_balance" : "receipt", line.amount.minorUnits,
                 actor.subject, actor.role, now])
        }
    }
}
