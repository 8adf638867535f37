import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `POST /v1/customers/{id}/statements/{yyyy-mm}/confirmation` `{confirmedBy, note}` (finance): the
/// customer confirmed the monthly statement (DOMAIN.md "Invoices, receipts and the customer's account":
/// every customer gets a monthly statement; the customer's confirmation is recorded). Once per customer
/// and month (409 after); not for a month that has not begun. Shown by the statement's GET.
enum StatementConfirmationRoutes {
    struct Body: Decodable { var confirmedBy: String, note: String? }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/customers/:id/statements/:month/confirmation") { request, context -> Response in
            let actor = try context.actor(as: .finance)
            let customerId = try context.parameters.require("id")
            let month = try context.parameters.require("month")
            let body = try await request.decode(as: Body.self, context: context)
            let first = try StatementRoutes.firstDay(of: month)
            guard !body.confirmedBy.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw Problem.validation("say who confirmed the statement", errors: [.init(field: "confirmedBy", message: "is required")])
            }
            let now = environment.clock.now()
            guard FinanceCalendar.business.startOfDay(first) <= now else {
                throw Problem.invalidState("the statement of \(month) cannot be confirmed before the month begins")
            }
            let confirmation = try await environment.pool.transaction { connection in
                try await StatementStore.confirm(
                    customerId: customerId, month: month, confirmedBy: body.confirmedBy, note: body.note ?? "", recordedBy: actor, at: now,
                    on: connection)
            }
            return try JSONResponse(confirmation, status: .created).response()
        }
    }
}
