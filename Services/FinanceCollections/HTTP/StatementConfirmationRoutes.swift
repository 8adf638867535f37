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
enum StatementConfirmations {
    struct Body: Decodable { var confirmedBy: String, note: String? }

    struct Confirmation: Encodable {
        var customerId: String, month: String, confirmedBy: String, note: String
        var recordedBy: String, recordedRole: String, recordedAt: Date
        init(_ row: PostgresRow) throws {
            (customerId, month, confirmedBy, note) = (try row.string("customer_id"), try row.string("month"), try row.string("confirmed_by"), try row.string("note"))
            (recordedBy, recordedRole, recordedAt) = (try row.string("recorded_by"), try row.string("recorded_role"), try row.date("recorded_at"))
        }
    }

    static let columns = "customer_id, month, confirmed_by, note, recorded_by, recorded_role, recorded_at"

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
            guard FinanceHandlers.calendar.startOfDay(first) <= now else {
                throw Problem.invalidState("the statement of \(month) cannot be confirmed before the month begins")
            }
            let confirmation = try await environment.pool.transaction { connection in
                let inserted = try await connection.query(
                    """
                    insert into statement_confirmations (customer_id, month, confirmed_by, note, recorded_by, recorded_role, recorded_at)
                    values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing returning \(columns)
                    """, [customerId, month, body.confirmedBy, body.note ?? "", actor.subject, actor.role, now])
                guard let row = inserted.first else {
                    throw Problem.conflict("the statement of \(month) for customer \(customerId) is already confirmed")
                }
                return try Confirmation(row)
            }
            return try JSONResponse(confirmation, status: .created).response()
        }
    }

    static func confirmation(of customerId: String, month: String, on connection: PostgresConnection) async throws -> Confirmation? {
        try await connection.query(
            "select \(columns) from statement_confirmations where customer_id = $1 and month = $2", [customerId, month]
        ).first.map(Confirmation.init)
    }
}
