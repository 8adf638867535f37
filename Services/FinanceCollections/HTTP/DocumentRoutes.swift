import Hummingbird
import O2CContracts
import O2CForms
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// The printed forms of invoices, monthly statements and dunning letters (CONTRACT.md "The department's daily
/// work", Documents): `GET /v1/invoices/{id}/document`, `GET /v1/customers/{id}/statements/{yyyy-mm}/document` and
/// `GET /v1/dunning/{invoiceId}/letter`, A4 HTML pages read with the same roles and the same read as the JSON
/// (`AccountRoutes.readInvoice`, `StatementRoutes.read`, `DunningRoutes.read`).
enum DocumentRoutes {
    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/invoices/:id/document") { _, context in
            let invoice = try await AccountRoutes.readInvoice(context: context, environment: environment)
            return try HTMLPage(try InvoiceDocument.make(invoice, companyName: try await companyName(environment)))
        }
        router.get("/v1/customers/:id/statements/:month/document") { _, context in
            let statement = try await StatementRoutes.read(context: context, environment: environment)
            return try HTMLPage(StatementDocument.make(statement, companyName: try await companyName(environment)))
        }
        router.get("/v1/dunning/:invoiceId/letter") { _, context in
            let overdue = try await DunningRoutes.read(context: context, environment: environment)
            let today = FormFormat.day(environment.clock.now(), in: FinanceCalendar.business.timeZone)
            return try HTMLPage(try DunningLetter.make(overdue, companyName: try await companyName(environment), today: today))
        }
    }

    static func companyName(_ environment: ServiceEnvironment) async throws -> String {
        try await environment.pool.withConnection { try await FinanceSettings.current(on: $0) }.companyName
    }
}
