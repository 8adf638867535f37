import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// The `allocations` table: what receipts, the credit balance and credit notes paid on each invoice.
enum AllocationStore {
    /// Records allocation lines (from a receipt, or from the credit balance when `receiptId` is nil).
    static func record(
        _ lines: [AllocationLine], receiptId: String?, actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        for line in lines {
            let source = receiptId == nil ? "credit_balance" : "receipt"
            try await connection.query(
                """
                insert into allocations (receipt_id, invoice_id, source, amount, created_by, created_role, created_at)
                values (\(receiptId), \(line.invoiceId), \(source), \(line.amount.minorUnits), \(actor.subject), \(actor.role), \(now))
                """)
        }
    }

    /// Records a credit note's offsets against invoices (source `credit_note`).
    static func recordOffsets(
        _ lines: [AllocationLine], creditNoteId: String, actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        for line in lines {
            try await connection.query(
                """
                insert into allocations (receipt_id, invoice_id, source, credit_note_id, amount, created_by, created_role, created_at)
                values (null, \(line.invoiceId), 'credit_note', \(creditNoteId), \(line.amount.minorUnits), \(actor.subject),
                        \(actor.role), \(now))
                """)
        }
    }

    /// What receipts, credit balance and credit notes paid on the invoice.
    static func paid(on invoice: Invoice?, on connection: PostgresConnection) async throws -> Money {
        guard let invoice else { return .zero }
        let result = try await connection.query(
            "select coalesce(sum(amount), 0) as paid from allocations where invoice_id = \(invoice.id)")
        return Money(minorUnits: try result.onlyRow().int64("paid"))
    }

    /// LedgerIdentity over the customer's invoices and the money allocated to them: receipts and credit
    /// balance, not credit-note offsets (those are in `credited`); credit-note refunds paid out are taken
    /// off `received`. Refunds of cancelled deposits are left out: the cancelled invoice and what was paid
    /// on it (credit-note offsets included, `creditReleased`) are out of the identity already.
    static func ledger(of customerId: String, invoices: [Invoice], on connection: PostgresConnection) async throws -> LedgerIdentity {
        let lines = try await connection.query(
            """
            select a.invoice_id, a.amount from allocations a join invoices i on i.id = a.invoice_id
            where i.customer_id = \(customerId) and a.source <> 'credit_note'
            """)
        let allocations = try lines.rows.map {
            AllocationLine(invoiceId: try $0.string("invoice_id"), amount: Money(minorUnits: try $0.int64("amount")))
        }
        let credit = try await connection.query(
            """
            select (select coalesce(sum(amount), 0) from credit_note_refunds where customer_id = \(customerId)) as refunded,
                   (select coalesce(sum(a.amount), 0) from allocations a join invoices i on i.id = a.invoice_id
                     where i.customer_id = \(customerId) and a.source = 'credit_note' and i.status = 'cancelled') as released
            """
        ).onlyRow()
        return try LedgerIdentity(
            customerId: customerId, invoices: invoices, allocations: allocations,
            refunded: Money(minorUnits: try credit.int64("refunded")), creditReleased: Money(minorUnits: try credit.int64("released")))
    }
}
