import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `GET /v1/orders/{orderId}/payment-notice` (CONTRACT.md "Changes to an order, payments, rules as data"):
/// the amount the customer must pay now for an order, itemised as the payment notice (付款通知) shows
/// it (DOMAIN.md "Invoices, receipts and the customer's account"): 原欠款 + 代垫运费 + 手续费/优惠 +
/// 市场支持费用 + 本次货款 = 本次应打货款, computed by `AmountDue` from finance's own ledger as of now.
///
/// - 本次货款 (goods): what is outstanding on the order's deposit and balance invoices;
/// - 代垫运费 (freight advanced): what is outstanding on the order's freight invoices;
/// - 原欠款 (previous balance): what the customer owes on every other open invoice, less its unused
///   credit (an overpayment or a credit note not yet offset); negative when the customer is in credit;
/// - fees, discounts and market support charges: finance records none of them today, so they are 0.00
///   and listed, as on the paper form.
///
/// Readers: those who may read the customer's account (`AccountRoutes.accountReaders`): customer_service
/// sends the notice, the salesperson chases the money, finance and the managers check it.
enum PaymentNoticeRoutes {
    struct Line: Encodable {
        var item: String
        var label: String
        var amount: Money
    }

    struct Notice: Encodable {
        var orderId: String
        var customerId: String
        var asOf: Date
        var lines: [Line]
        /// 本次应打货款; negative when the customer's credit covers more than everything.
        var total: Money
        /// What to transfer now: the total, or 0.00 when the credit covers it.
        var payableNow: Money
        /// Credit left after this order when it covers everything.
        var remainingCredit: Money
        /// The open invoices the goods and freight lines add up.
        var invoiceIds: [String]
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/orders/:orderId/payment-notice") { _, context -> Response in
            _ = try context.require(anyOf: AccountRoutes.accountReaders)
            let orderId = try context.parameters.require("orderId")
            let now = environment.clock.now()
            let notice = try await environment.pool.transaction(isolation: .repeatableRead) { connection in
                try await Self.notice(for: orderId, at: now, on: connection)
            }
            return try JSONResponse(notice).response()
        }
    }

    static func notice(for orderId: String, at now: Date, on connection: PostgresConnection) async throws -> Notice {
        let ofOrder = try await InvoiceStore.forOrder(orderId, on: connection)
        guard let customerId = ofOrder.first?.customerId else {
            throw RuleViolation.notFound("no invoice has been issued for order \(orderId) yet")
        }
        let open = try await InvoiceStore.forCustomer(customerId, on: connection)
            .filter { $0.status == .open && $0.kind != .creditNote && $0.outstanding > .zero }
        let credit = try await CreditBalanceStore.balance(of: customerId, on: connection)
        // Sums of stored amounts: beyond the bounds only for an account past 999,999,999,999.99 (a 500).
        func sum(_ invoices: [Invoice]) throws -> Money {
            try invoices.reduce(Money.zero) { try $0 + $1.outstanding }
        }
        let thisOrder = open.filter { $0.orderId == orderId }
        let goods = try sum(thisOrder.filter { $0.kind == .deposit || $0.kind == .balance })
        let freight = try sum(thisOrder.filter { $0.kind == .freight })
        let previous = try sum(open.filter { $0.orderId != orderId }) - credit
        let due = try AmountDue(previousBalance: previous, freightAdvanced: freight, goods: goods)
        return Notice(
            orderId: orderId, customerId: customerId, asOf: now,
            lines: [
                Line(item: "previous_balance", label: "原欠款 Previous balance", amount: due.previousBalance),
                Line(item: "freight_advanced", label: "代垫运费 Freight advanced", amount: due.freightAdvanced),
                Line(item: "fees", label: "手续费 Fees", amount: due.fees),
                Line(item: "discounts", label: "优惠 Discounts", amount: due.discounts),
                Line(item: "market_support", label: "市场支持费用 Market support charges", amount: due.marketSupportCharges),
                Line(item: "goods", label: "本次货款 This order's goods", amount: due.goods),
            ],
            total: due.total, payableNow: due.payableNow, remainingCredit: due.remainingCredit,
            invoiceIds: thisOrder.map(\.id))
    }
}
