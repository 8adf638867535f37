import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Dunning (DOMAIN.md "Invoices, receipts and the customer's account": overdue invoices go through dunning
/// levels; the salesperson chases, finance confirms). The level follows the days overdue by the service
/// clock (`DunningLevel`).
///
/// - `GET /v1/dunning[?customerId=]`: the overdue invoices, longest overdue first, with level, days overdue and last chase;
/// - `POST /v1/invoices/{id}/dunning-notices` `{note, contact}` (salesperson): a chase at the current level (409 when not overdue);
/// - `POST /v1/dunning-notices/{id}/confirm` (finance): finance confirms the chase (409 when already confirmed).
enum DunningRoutes {
    struct NoticeBody: Decodable { var note: String, contact: String }

    struct Notice: Encodable {
        var id: String, invoiceId: String, customerId: String, level: Int, daysOverdue: Int, outstanding: Money
        var note: String, contact: String, chasedBy: String, chasedAt: Date
        var confirmedBy: String?, confirmedAt: Date?
        /// `chased`, or `confirmed` once finance confirmed it.
        var status: String
        init(_ row: PostgresRow) throws {
            (id, invoiceId, customerId) = (try row.string("id"), try row.string("invoice_id"), try row.string("customer_id"))
            (level, daysOverdue, outstanding) = (try row.int("level"), try row.int("days_overdue"), Money(minorUnits: try row.int64("outstanding")))
            (note, contact, chasedBy, chasedAt) = (try row.string("note"), try row.string("contact"), try row.string("chased_by"), try row.date("chased_at"))
            (confirmedBy, confirmedAt) = (row["confirmed_by"], try row.optionalDate("confirmed_at"))
            status = confirmedAt == nil ? "chased" : "confirmed"
        }
    }

    struct OverdueInvoice: Encodable {
        var invoice: AccountRoutes.InvoiceView
        var daysOverdue: Int
        var level: DunningLevel
        var lastNotice: Notice?
    }

    static let noticeColumns = "id, invoice_id, customer_id, level, days_overdue, outstanding, note, contact, chased_by, chased_at, confirmed_by, confirmed_at"

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        let calendar = FinanceHandlers.calendar
        router.get("/v1/dunning") { request, context -> Response in
            // The company-wide list with contact notes: aging's readers only (DOMAIN.md "Confidentiality");
            // a salesperson records its chases with POST /v1/invoices/{id}/dunning-notices.
            _ = try context.require(anyOf: AccountRoutes.agingReaders)
            let customerId = request.uri.queryParameters.get("customerId").flatMap { $0.isEmpty ? nil : String($0) }
            let now = environment.clock.now()
            let list = try await environment.pool.transaction(isolation: .repeatableRead) { connection in
                let invoices = try await connection.query(
                    """
                    select \(InvoiceStore.columns) from invoices
                    where status = 'open' and kind <> 'credit_note' and outstanding > 0 and due_date < $1::date
                      and ($2::text is null or customer_id = $2)
                    """, [calendar.day(of: now).description, customerId]).rows.map(InvoiceStore.invoice)
                let notices = try await connection.query(
                    """
                    select distinct on (invoice_id) \(noticeColumns) from dunning_notices
                    where invoice_id = any($1::text[]) order by invoice_id, chased_at desc, id desc
                    """, [invoices.map(\.id)]).rows.map(Notice.init)
                return Invoice.overdue(invoices, asOf: now, calendar: calendar).compactMap { invoice -> OverdueInvoice? in
                    let days = invoice.daysPastDue(asOf: now, calendar: calendar)
                    guard let level = DunningLevel(daysOverdue: days) else { return nil }
                    return OverdueInvoice(
                        invoice: AccountRoutes.InvoiceView(invoice), daysOverdue: days, level: level,
                        lastNotice: notices.first { $0.invoiceId == invoice.id })
                }
            }
            return try JSONResponse(list).response()
        }

        router.post("/v1/invoices/:id/dunning-notices") { request, context -> Response in
            let actor = try context.actor(as: .salesperson)
            let invoiceId = try context.parameters.require("id")
            let body = try await request.decode(as: NoticeBody.self, context: context)
            var errors: [Problem.FieldError] = []
            if body.note.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.init(field: "note", message: "is required")) }
            if body.contact.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.init(field: "contact", message: "is required")) }
            guard errors.isEmpty else { throw Problem.validation("the dunning notice is incomplete", errors: errors) }
            let now = environment.clock.now()
            let notice = try await environment.pool.transaction { connection in
                guard let row = try await connection.query(
                    "select \(InvoiceStore.columns) from invoices where id = $1 for update", [invoiceId]).first
                else { throw Problem.notFound("no invoice \(invoiceId)") }
                let invoice = try InvoiceStore.invoice(row)
                let days = invoice.daysPastDue(asOf: now, calendar: calendar)
                guard invoice.isOverdue(asOf: now, calendar: calendar), let level = DunningLevel(daysOverdue: days) else {
                    throw Problem.invalidState("invoice \(invoiceId) is not overdue (\(invoice.status.rawValue), due \(invoice.dueDate))")
                }
                let inserted = try await connection.query(
                    """
                    insert into dunning_notices (id, invoice_id, customer_id, level, days_overdue, outstanding, note, contact,
                                                 chased_by, chased_role, chased_at)
                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning \(noticeColumns)
                    """,
                    [InvoiceStore.newID("dun"), invoice.id, invoice.customerId, level.rawValue, days, invoice.outstanding.minorUnits,
                     body.note, body.contact, actor.subject, actor.role, now])
                return try Notice(inserted.onlyRow())
            }
            return try JSONResponse(notice, status: .created).response()
        }

        router.post("/v1/dunning-notices/:id/confirm") { _, context -> Response in
            let actor = try context.actor(as: .finance)
            let id = try context.parameters.require("id")
            let notice = try await environment.pool.transaction { connection in
                guard let row = try await connection.query("select confirmed_at from dunning_notices where id = $1 for update", [id]).first
                else { throw Problem.notFound("no dunning notice \(id)") }
                guard row["confirmed_at"] == nil else { throw Problem.invalidState("dunning notice \(id) is already confirmed") }
                let updated = try await connection.query(
                    """
                    update dunning_notices set confirmed_by = $2, confirmed_role = $3, confirmed_at = $4 where id = $1
                    returning \(noticeColumns)
                    """, [id, actor.subject, actor.role, environment.clock.now()])
                return try Notice(updated.onlyRow())
            }
            return try JSONResponse(notice).response()
        }
    }
}
