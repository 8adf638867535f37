import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `GET /v1/customers/{id}/statements/{yyyy-mm}`: the monthly statement (每月对账, DOMAIN.md "Invoices,
/// receipts and the customer's account"), months in the business calendar's time zone.
///
/// Balance at an instant (`StatementStore.balance`) = charges issued (deposit, balance, freight; cancelled ones
/// left out) − credit notes − receipts + what was paid on cancelled deposits (refunded, or kept as the penalty)
/// + the refunded part of credit notes: positive when the customer owes, negative when in credit. Closing =
/// opening + the month's movements. The customer's confirmation, once recorded, is shown.
enum StatementRoutes {
    struct Statement: Encodable {
        var customerId: String
        var month: String
        var from: Date
        var to: Date
        var openingBalance: Money
        var invoices: [InvoiceView]
        var freight: [InvoiceView]
        var creditNotes: [InvoiceView]
        var receipts: [ReceiptStore.Line]
        var refunds: [RefundStore.Line]
        var closingBalance: Money
        var confirmation: StatementStore.Confirmation?
    }

    static func firstDay(of month: String) throws -> CalendarDate {
        guard month.count == 7, let first = CalendarDate(month + "-01") else {
            throw Problem.validation(
                "the month must be yyyy-mm between 2000-01 and 2199-12",
                errors: [.init(field: "month", message: "\(month) is not a yyyy-mm between 2000-01 and 2199-12")])
        }
        return first
    }

    /// The read of `GET /v1/customers/{id}/statements/{yyyy-mm}` and its printed form: the account's readers, the
    /// statement of the customer and month the path names.
    static func read(context: O2CRequestContext, environment: ServiceEnvironment) async throws -> Statement {
        _ = try context.require(anyOf: AccountRoutes.accountReaders)
        let customerId = try context.parameters.require("id")
        let month = try context.parameters.require("month")
        let first = try firstDay(of: month)
        let calendar = FinanceCalendar.business
        let next = first.firstDayOfNextMonth
        let (from, to) = (calendar.startOfDay(first), calendar.startOfDay(next))
        return try await environment.pool.transaction(isolation: .repeatableRead) { connection in
            let opening = try await StatementStore.balance(of: customerId, before: from, on: connection)
            let closing = try await StatementStore.balance(of: customerId, before: to, on: connection)
            let issued = try await InvoiceStore.issued(toCustomer: customerId, from: from, to: to, on: connection).map(InvoiceView.init)
            let receipts = try await ReceiptStore.recorded(byCustomer: customerId, from: from, to: to, on: connection)
            let refunds = try await RefundStore.made(toCustomer: customerId, from: from, to: to, on: connection)
            return Statement(
                customerId: customerId, month: month, from: from, to: to, openingBalance: opening,
                invoices: issued.filter { $0.kind == .deposit || $0.kind == .balance },
                freight: issued.filter { $0.kind == .freight }, creditNotes: issued.filter { $0.kind == .creditNote },
                receipts: receipts, refunds: refunds, closingBalance: closing,
                confirmation: try await StatementStore.confirmation(of: customerId, month: month, on: connection))
        }
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/customers/:id/statements/:month") { _, context -> Response in
            try JSONResponse(try await read(context: context, environment: environment)).response()
        }
    }
}
