import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// The `invoices` table as `Invoice` values (the rules' type), on the caller's transaction.
enum InvoiceStore {
    static let columns: SQL = "id, customer_id, order_id, kind, amount, outstanding, issued_at, due_date::text as due_date, status"

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

    /// One invoice, locked for update when `lock`.
    static func find(_ id: String, lock: Bool = false, on connection: PostgresConnection) async throws -> Invoice? {
        let forUpdate: SQL = lock ? " for update" : ""
        return try await connection.query("select \(columns) from invoices where id = \(id)\(forUpdate)").first.map(invoice)
    }

    /// Every invoice of the customer, oldest first; locked for update when `lock` (a receipt is allocated).
    static func forCustomer(_ customerId: String, lock: Bool = false, on connection: PostgresConnection) async throws -> [Invoice] {
        let forUpdate: SQL = lock ? " for update" : ""
        let result = try await connection.query(
            "select \(columns) from invoices where customer_id = \(customerId) order by due_date, issued_at, id\(forUpdate)")
        return try result.rows.map(invoice)
    }

    /// A page of invoices, newest issued first (CONTRACT.md "The department's daily work"): `orderId`,
    /// `customerId`, `kind`, `status`, `overdue` (open and past due on `today`), `from`/`to` on the issue time,
    /// `q` an invoice, order or customer id.
    static func list(
        _ query: ListQuery, today: CalendarDate, on connection: PostgresConnection
    ) async throws -> (
        items: [Invoice], next: ListCursor?
    ) {
        var conditions = query.conditions(time: "issued_at")
        if let orderId = query.filters["orderId"] { conditions.append("order_id = \(orderId)") }
        if let kind = query.filters["kind"] { conditions.append("kind = \(kind)") }
        if query.filters["overdue"] == "true" { conditions.append("status = 'open' and due_date < \(today.description)::date") }
        if let text = query.text { conditions.append("(id = \(text) or order_id = \(text) or customer_id = \(text))") }
        let result = try await connection.query(
            """
            select \(columns), \(ListQuery.cursorColumn(time: "issued_at")) from invoices
            where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit(time: "issued_at"))
            """)
        return try query.page(result.rows, invoice)
    }

    static func forOrder(_ orderId: String, on connection: PostgresConnection) async throws -> [Invoice] {
        let result = try await connection.query(
            "select \(columns) from invoices where order_id = \(orderId) order by due_date, issued_at, id")
        return try result.rows.map(invoice)
    }

    /// The order's deposit invoice, locked for update.
    static func deposit(ofOrder orderId: String, on connection: PostgresConnection) async throws -> Invoice? {
        let result = try await connection.query(
            "select \(columns) from invoices where order_id = \(orderId) and kind = 'deposit' for update")
        return try result.first.map(invoice)
    }

    /// The customer's invoices issued in [from, to), in the order they were issued (the monthly statement).
    static func issued(toCustomer customerId: String, from: Date, to: Date, on connection: PostgresConnection) async throws -> [Invoice] {
        try await connection.query(
            """
            select \(columns) from invoices where customer_id = \(customerId) and issued_at >= \(from) and issued_at < \(to)
            order by issued_at, id
            """
        ).rows.map(invoice)
    }

    /// Every open charge with something outstanding (the receivables aging).
    static func openReceivables(on connection: PostgresConnection) async throws -> [Invoice] {
        try await connection.query(
            "select \(columns) from invoices where status = 'open' and kind <> 'credit_note' and outstanding > 0"
        ).rows.map(invoice)
    }

    /// Open charges due before `day`, of one customer or of all (the dunning list).
    static func pastDue(before day: CalendarDate, customerId: String?, on connection: PostgresConnection) async throws -> [Invoice] {
        try await connection.query(
            """
            select \(columns) from invoices
            where status = 'open' and kind <> 'credit_note' and outstanding > 0 and due_date < \(day.description)::date
              and (\(customerId)::text is null or customer_id = \(customerId))
            """
        ).rows.map(invoice)
    }

    /// Up to 100 open charges due before `day` not yet notified as overdue, locked; rows other instances hold are skipped.
    static func lockUnnotifiedPastDue(before day: CalendarDate, on connection: PostgresConnection) async throws -> [Invoice] {
        try await connection.query(
            """
            select \(columns) from invoices
            where status = 'open' and kind <> 'credit_note' and outstanding > 0 and overdue_notified_at is null
              and due_date < \(day.description)::date
            order by due_date, id limit 100 for update skip locked
            """
        ).rows.map(invoice)
    }

    static func markOverdueNotified(_ invoiceId: String, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query("update invoices set overdue_notified_at = \(now) where id = \(invoiceId)")
    }

    /// Inserts the invoice unless one of the unique indexes already holds the same fact; true when inserted.
    static func insert(
        _ invoice: Invoice, dispatchNoteId: String? = nil, actor: Author, on connection: PostgresConnection
    ) async throws -> Bool {
        let result = try await connection.query(
            """
            insert into invoices (id, customer_id, order_id, dispatch_note_id, kind, amount, outstanding, due_date, status,
                                  issued_by, issued_role, issued_at, settled_at)
            values (\(invoice.id), \(invoice.customerId), \(invoice.orderId), \(dispatchNoteId), \(invoice.kind.rawValue),
                    \(invoice.amount.minorUnits), \(invoice.outstanding.minorUnits), \(invoice.dueDate.description)::date,
                    \(invoice.status.rawValue), \(actor.subject), \(actor.role), \(invoice.issuedAt),
                    case when \(invoice.status.rawValue) = 'settled' then \(invoice.issuedAt)::timestamptz end)
            on conflict do nothing
            """)
        return result.affectedRows == 1
    }

    /// Keeps the deposit ratio the order's deposit invoice was issued with, for re-pricing it after an amendment.
    static func recordDepositRatio(ofOrder orderId: String, basisPoints: Int, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update invoices set deposit_ratio_bp = \(basisPoints)
            where order_id = \(orderId) and kind = 'deposit' and deposit_ratio_bp is null
            """)
    }

    /// The deposit ratio a deposit invoice was issued with (nil on rows from before it was kept), and what was paid on it.
    static func depositRatioAndPaid(_ invoiceId: String, on connection: PostgresConnection) async throws -> (ratio: Int?, paid: Money) {
        let row = try await connection.query(
            """
            select (select deposit_ratio_bp from invoices where id = \(invoiceId)) as ratio,
                   (select coalesce(sum(amount), 0) from allocations where invoice_id = \(invoiceId)) as paid
            """
        ).onlyRow()
        return (try row.optionalInt("ratio"), Money(minorUnits: try row.int64("paid")))
    }

    /// Writes the outstanding amounts and statuses a receipt or credit left them with.
    static func saveAllocated(_ invoices: [Invoice], at now: Date, on connection: PostgresConnection) async throws {
        for invoice in invoices {
            try await connection.query(
                """
                update invoices set outstanding = \(invoice.outstanding.minorUnits), status = \(invoice.status.rawValue),
                    settled_at = case when \(invoice.status.rawValue) = 'settled' then \(now)::timestamptz else settled_at end
                where id = \(invoice.id)
                """)
        }
    }

    /// Writes a re-priced invoice's amount, outstanding amount and status.
    static func saveRepriced(_ invoice: Invoice, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update invoices set amount = \(invoice.amount.minorUnits), outstanding = \(invoice.outstanding.minorUnits),
                status = \(invoice.status.rawValue),
                settled_at = case when \(invoice.status.rawValue) = 'settled' then \(now)::timestamptz else settled_at end
            where id = \(invoice.id)
            """)
    }

    /// Cancels (voids) an invoice: nothing outstanding, who, when and why kept on it.
    static func void(_ invoiceId: String, reason: String, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update invoices set status = 'cancelled', outstanding = 0, cancelled_by = \(actor.subject), cancelled_role = \(actor.role),
                                cancelled_at = \(now), cancelled_reason = \(reason)
            where id = \(invoiceId)
            """)
    }

    /// Serialises everything that moves one customer's money (receipts, credit applied to new invoices, refunds).
    static func lockCustomer(_ customerId: String, on connection: PostgresConnection) async throws {
        try await connection.query("select pg_advisory_xact_lock(hashtextextended('finance.customer:' || \(customerId), 0))")
    }

    static func newID(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.lowercased())" }
}
