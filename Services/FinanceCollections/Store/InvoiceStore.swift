import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// The `invoices` table as `Invoice` values (the rules' type), on the caller's transaction.
enum InvoiceStore {
    static let columns = """
        id, customer_id, order_id, kind, amount, outstanding, issued_at, due_date::text as due_date, status
        """

    static func invoice(_ row: PostgresRow) throws -> Invoice {
        guard let kind = Invoice.Kind(rawValue: try row.string("kind")),
              let status = Invoice.Status(rawValue: try row.string("status")),
              let dueDate = CalendarDate(anyYear: try row.string("due_date"))
        else { throw PostgresError(code: .decodingFailed, message: "invoice \(row["id"] ?? "?") has a bad kind, status or due date") }
        return Invoice(
            id: try row.string("id"), customerId: try row.string("customer_id"), orderId: row["order_id"], kind: kind,
            amount: Money(minorUnits: try row.int64("amount")), outstanding: Money(minorUnits: try row.int64("outstanding")),
            issuedAt: try row.date("issued_at"), dueDate: dueDate, status: status)
    }

    /// Every invoice of the customer, oldest first; locked for update when `lock` (a receipt is allocated).
    static func forCustomer(_ customerId: String, lock: Bool = false, on connection: PostgresConnection) async throws -> [Invoice] {
        let result = try await connection.query(
            "select \(columns) from invoices where customer_id = $1 order by due_date, issued_at, id\(lock ? " for update" : "")",
            [customerId])
        return try result.rows.map(invoice)
    }

    static func forOrder(_ orderId: String, on connection: PostgresConnection) async throws -> [Invoice] {
        let result = try await connection.query(
            "select \(columns) from invoices where order_id = $1 order by due_date, issued_at, id", [orderId])
        return try result.rows.map(invoice)
    }

    static func deposit(ofOrder orderId: String, on connection: PostgresConnection) async throws -> Invoice? {
        let result = try await connection.query(
            "select \(columns) from invoices where order_id = $1 and kind = 'deposit' for update", [orderId])
        return try result.first.map(invoice)
    }

    /// Inserts the invoice unless one of the unique indexes already holds the same fact; true when inserted.
    static func insert(_ invoice: Invoice, dispatchNoteId: String? = nil, actor: Author, on connection: PostgresConnection) async throws -> Bool {
        let result = try await connection.query(
            """
            insert into invoices (id, customer_id, order_id, dispatch_note_id, kind, amount, outstanding, due_date, status,
                                  issued_by, issued_role, issued_at, settled_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8::date, $9, $10, $11, $12, case when $9 = 'settled' then $12::timestamptz end)
            on conflict do nothing
            """,
            [invoice.id, invoice.customerId, invoice.orderId, dispatchNoteId, invoice.kind.rawValue, invoice.amount.minorUnits,
             invoice.outstanding.minorUnits, invoice.dueDate.description, invoice.status.rawValue, actor.subject, actor.role,
             invoice.issuedAt])
        return result.affectedRows == 1
    }

    /// Writes the outstanding amounts and statuses a receipt or credit left them with.
    static func saveAllocated(_ invoices: [Invoice], at now: Date, on connection: PostgresConnection) async throws {
        for invoice in invoices {
            try await connection.query(
                """
                update invoices set outstanding = $2, status = $3,
                    settled_at = case when $3 = 'settled' then $4::timestamptz else settled_at end
                where id = $1
                """, [invoice.id, invoice.outstanding.minorUnits, invoice.status.rawValue, now])
        }
    }

    /// Serialises everything that moves one customer's money (receipts, credit applied to new invoices, refunds).
    static func lockCustomer(_ customerId: String, on connection: PostgresConnection) async throws {
        try await connection.query("select pg_advisory_xact_lock(hashtextextended('finance.customer:' || $1, 0))", [customerId])
    }

    static func newID(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.lowercased())" }
}
