import Foundation
import Logging
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `GET /v1/customers/{id}/statements/{yyyy-mm}`: the monthly statement (每月对账, DOMAIN.md "Invoices,
/// receipts and the customer's account"), months in the business calendar's time zone.
///
/// Balance at an instant = charges issued (deposit, balance, freight; cancelled ones left out) − credit
/// notes − receipts + what was paid on cancelled deposits (refunded, or kept as the penalty) + the
/// refunded part of credit notes: positive when the customer owes, negative when in credit. Closing =
/// opening + the month's movements. The customer's confirmation, once recorded, is shown.
enum StatementRoutes {
    struct Statement: Encodable {
        var customerId: String
        var month: String
        var from: Date
        var to: Date
        var openingBalance: Money
        var invoices: [AccountRoutes.InvoiceView]
        var freight: [AccountRoutes.InvoiceView]
        var creditNotes: [AccountRoutes.InvoiceView]
        var receipts: [ReceiptLine]
        var refunds: [RefundLine]
        var closingBalance: Money
        var confirmation: StatementConfirmations.Confirmation?
    }
    struct ReceiptLine: Encodable { var id: String, amount: Money, method: String, reference: String, recordedAt: Date }
    /// `kind`: `deposit`, `return` or `freight` (as `GET /v1/refunds`).
    struct RefundLine: Encodable { var kind: String, orderId: String?, amount: Money, penalty: Money, at: Date }

    static func firstDay(of month: String) throws -> CalendarDate {
        guard month.count == 7, let first = CalendarDate(month + "-01") else {
            throw Problem.validation(
                "the month must be yyyy-mm between 2000-01 and 2199-12",
                errors: [.init(field: "month", message: "\(month) is not a yyyy-mm between 2000-01 and 2199-12")])
        }
        return first
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/customers/:id/statements/:month") { _, context -> Response in
            _ = try context.require(anyOf: AccountRoutes.accountReaders)
            let customerId = try context.parameters.require("id")
            let month = try context.parameters.require("month")
            let first = try firstDay(of: month)
            let calendar = FinanceHandlers.calendar
            let next = first.firstDayOfNextMonth
            let (from, to) = (calendar.startOfDay(first), calendar.startOfDay(next))
            let statement = try await environment.pool.transaction(isolation: .repeatableRead) { connection in
                let opening = try await balance(of: customerId, before: from, on: connection)
                let closing = try await balance(of: customerId, before: to, on: connection)
                let issued = try await connection.query(
                    "select \(InvoiceStore.columns) from invoices where customer_id = $1 and issued_at >= $2 and issued_at < $3 order by issued_at, id",
                    [customerId, from, to]).rows.map(InvoiceStore.invoice).map(AccountRoutes.InvoiceView.init)
                let receipts = try await connection.query(
                    "select id, amount, method, reference, recorded_at from receipts where customer_id = $1 and recorded_at >= $2 and recorded_at < $3 order by recorded_at, id",
                    [customerId, from, to]).rows.map {
                        ReceiptLine(id: try $0.string("id"), amount: Money(minorUnits: try $0.int64("amount")), method: try $0.string("method"),
                                    reference: try $0.string("reference"), recordedAt: try $0.date("recorded_at"))
                    }
                let refunds = try await connection.query(
                    """
                    select 'deposit' as kind, order_id, amount, penalty, created_at from refunds
                     where customer_id = $1 and created_at >= $2 and created_at < $3
                    union all
                    select kind, order_id, amount, 0, created_at from credit_note_refunds
                     where customer_id = $1 and created_at >= $2 and created_at < $3
                    order by created_at
                    """,
                    [customerId, from, to]).rows.map {
                        RefundLine(kind: try $0.string("kind"), orderId: $0["order_id"], amount: Money(minorUnits: try $0.int64("amount")),
                                   penalty: Money(minorUnits: try $0.int64("penalty")), at: try $0.date("created_at"))
                    }
                return Statement(
                    customerId: customerId, month: month, from: from, to: to, openingBalance: opening,
                    invoices: issued.filter { $0.kind == .deposit || $0.kind == .balance },
                    freight: issued.filter { $0.kind == .freight }, creditNotes: issued.filter { $0.kind == .creditNote },
                    receipts: receipts, refunds: refunds, closingBalance: closing,
                    confirmation: try await StatementConfirmations.confirmation(of: customerId, month: month, on: connection))
            }
            return try JSONResponse(statement).response()
        }
    }

    static func balance(of customerId: String, before instant: Date, on connection: PostgresConnection) async throws -> Money {
        let result = try await connection.query(
            """
            select
              (select coalesce(sum(case when kind = 'credit_note' then -amount else amount end), 0)
                 from invoices where customer_id = $1 and status <> 'cancelled' and issued_at < $2)
              - (select coalesce(sum(amount), 0) from receipts where customer_id = $1 and recorded_at < $2)
              + (select coalesce(sum(paid), 0) from refunds where customer_id = $1 and created_at < $2)
              + (select coalesce(sum(amount), 0) from credit_note_refunds where customer_id = $1 and created_at < $2) as balance
            """, [customerId, instant])
        return Money(minorUnits: try result.onlyRow().int64("balance"))
    }
}
