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

    struct OverdueInvoice: Encodable {
        var invoice: InvoiceView
        var daysOverdue: Int
        var level: DunningLevel
        var lastNotice: DunningStore.Notice?
    }

    /// Those of `invoices` overdue as of `now`, each with its days overdue, level and last chase.
    static func overdue(_ invoices: [Invoice], asOf now: Date, on connection: PostgresConnection) async throws -> [OverdueInvoice] {
        let calendar = FinanceCalendar.business
        let notices = try await DunningStore.latest(forInvoices: invoices.map(\.id), on: connection)
        return Invoice.overdue(invoices, asOf: now, calendar: calendar).compactMap { invoice -> OverdueInvoice? in
            let days = invoice.daysPastDue(asOf: now, calendar: calendar)
            guard let level = DunningLevel(daysOverdue: days) else { return nil }
            return OverdueInvoice(
                invoice: InvoiceView(invoice), daysOverdue: days, level: level, lastNotice: notices.first { $0.invoiceId == invoice.id })
        }
    }

    /// The read of a dunning letter (`GET /v1/dunning/{invoiceId}/letter`): the dunning list's readers (aging's), the
    /// overdue invoice the path names as the list shows it; 404 when there is no such invoice, 409 `invalid_state`
    /// when it is not overdue (nothing to chase).
    static func read(context: O2CRequestContext, environment: ServiceEnvironment) async throws -> OverdueInvoice {
        _ = try context.require(anyOf: AccountRoutes.agingReaders)
        let invoiceId = try context.parameters.require("invoiceId")
        let now = environment.clock.now()
        return try await environment.pool.transaction(isolation: .repeatableRead) { connection in
            guard let invoice = try await InvoiceStore.find(invoiceId, on: connection) else {
                throw RuleViolation.notFound("no invoice \(invoiceId)")
            }
            guard let overdue = try await overdue([invoice], asOf: now, on: connection).first else {
                throw RuleViolation.invalidState(
                    "invoice \(invoiceId) is not overdue (\(invoice.status.rawValue), due \(invoice.dueDate)): there is nothing to chase")
            }
            return overdue
        }
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        let calendar = FinanceCalendar.business
        router.get("/v1/dunning") { request, context -> Response in
            // The company-wide list with contact notes: aging's readers only (DOMAIN.md "Confidentiality");
            // a salesperson records its chases with POST /v1/invoices/{id}/dunning-notices.
            _ = try context.require(anyOf: AccountRoutes.agingReaders)
            let customerId = request.uri.queryParameters.get("customerId").flatMap { $0.isEmpty ? nil : String($0) }
            let now = environment.clock.now()
            let list = try await environment.pool.transaction(isolation: .repeatableRead) { connection in
                let invoices = try await InvoiceStore.pastDue(before: calendar.day(of: now), customerId: customerId, on: connection)
                return try await overdue(invoices, asOf: now, on: connection)
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
                guard let invoice = try await InvoiceStore.find(invoiceId, lock: true, on: connection)
                else { throw RuleViolation.notFound("no invoice \(invoiceId)") }
                let days = invoice.daysPastDue(asOf: now, calendar: calendar)
                guard invoice.isOverdue(asOf: now, calendar: calendar), let level = DunningLevel(daysOverdue: days) else {
                    throw RuleViolation.invalidState(
                        "invoice \(invoiceId) is not overdue (\(invoice.status.rawValue), due \(invoice.dueDate))")
                }
                return try await DunningStore.insert(
                    for: invoice, level: level, daysOverdue: days, note: body.note, contact: body.contact, by: actor, at: now,
                    on: connection)
            }
            return try JSONResponse(notice, status: .created).response()
        }

        router.post("/v1/dunning-notices/:id/confirm") { _, context -> Response in
            let actor = try context.actor(as: .finance)
            let id = try context.parameters.require("id")
            let notice = try await environment.pool.transaction { connection in
                try await DunningStore.confirm(id, by: actor, at: environment.clock.now(), on: connection)
            }
            return try JSONResponse(notice).response()
        }
    }
}
