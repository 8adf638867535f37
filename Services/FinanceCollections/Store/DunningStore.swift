import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Chases of overdue invoices (`dunning_notices`) and finance's confirmation of them.
enum DunningStore {
    struct Notice: Encodable {
        var id: String, invoiceId: String, customerId: String, level: Int, daysOverdue: Int, outstanding: Money
        var note: String, contact: String, chasedBy: String, chasedAt: Date
        var confirmedBy: String?, confirmedAt: Date?
        /// `chased`, or `confirmed` once finance confirmed it.
        var status: String
        init(_ row: PostgresRow) throws {
            (id, invoiceId, customerId) = (try row.string("id"), try row.string("invoice_id"), try row.string("customer_id"))
            (level, daysOverdue, outstanding) = (
                try row.int("level"), try row.int("days_overdue"), Money(minorUnits: try row.int64("outstanding"))
            )
            (note, contact, chasedBy, chasedAt) = (
                try row.string("note"), try row.string("contact"), try row.string("chased_by"), try row.date("chased_at")
            )
            (confirmedBy, confirmedAt) = (row["confirmed_by"], try row.optionalDate("confirmed_at"))
            status = confirmedAt == nil ? "chased" : "confirmed"
        }
    }

    static let columns: SQL =
        "id, invoice_id, customer_id, level, days_overdue, outstanding, note, contact, chased_by, chased_at, confirmed_by, confirmed_at"

    /// The latest notice of each of the invoices that has one.
    static func latest(forInvoices invoiceIds: [String], on connection: PostgresConnection) async throws -> [Notice] {
        try await connection.query(
            """
            select distinct on (invoice_id) \(columns) from dunning_notices
            where invoice_id = any(\(invoiceIds)::text[]) order by invoice_id, chased_at desc, id desc
            """
        ).rows.map(Notice.init)
    }

    /// A chase of `invoice` at `level`, by the salesperson.
    static func insert(
        for invoice: Invoice, level: DunningLevel, daysOverdue: Int, note: String, contact: String, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws -> Notice {
        let inserted = try await connection.query(
            """
            insert into dunning_notices (id, invoice_id, customer_id, level, days_overdue, outstanding, note, contact,
                                         chased_by, chased_role, chased_at)
            values (\(InvoiceStore.newID("dun")), \(invoice.id), \(invoice.customerId), \(level.rawValue), \(daysOverdue),
                    \(invoice.outstanding.minorUnits), \(note), \(contact), \(actor.subject), \(actor.role), \(now))
            returning \(columns)
            """)
        return try Notice(inserted.onlyRow())
    }

    /// Finance confirms a chase: 404 for an unknown notice, 409 when it is already confirmed.
    static func confirm(_ id: String, by actor: Author, at now: Date, on connection: PostgresConnection) async throws -> Notice {
        guard let row = try await connection.query("select confirmed_at from dunning_notices where id = \(id) for update").first
        else { throw RuleViolation.notFound("no dunning notice \(id)") }
        guard row["confirmed_at"] == nil else { throw RuleViolation.invalidState("dunning notice \(id) is already confirmed") }
        let updated = try await connection.query(
            """
            update dunning_notices set confirmed_by = \(actor.subject), confirmed_role = \(actor.role), confirmed_at = \(now)
            where id = \(id) returning \(columns)
            """)
        return try Notice(updated.onlyRow())
    }
}
