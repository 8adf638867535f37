import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// The read side (CONTRACT.md finance-collections): invoices of an order or customer, a customer's
/// account, and receivables aging as of the service clock.
///
/// Who may read: finance and auditor (everything), general_manager, sales_director and sales_manager;
/// the salesperson, branch_manager and customer_service read invoices and accounts, since they chase
/// payment and send payment notices (DOMAIN.md "Roles"), but not the company-wide aging report.
enum AccountRoutes {
    static let accountReaders: Set<Role> = [
        .finance, .auditor, .generalManager, .salesDirector, .salesManager, .branchManager, .salesperson, .customerService,
    ]
    static let agingReaders: Set<Role> = [.finance, .auditor, .generalManager, .salesDirector, .salesManager]

    struct Account: Encodable {
        var customerId: String
        /// What the customer owes on open invoices, less unused credit notes.
        var balanceOwed: Money
        var creditBalance: Money
        /// balanceOwed − creditBalance: what to ask for now (negative: the customer is in credit).
        var netBalance: Money
        var openItems: [InvoiceView]
        var ledger: Ledger
    }

    struct Ledger: Encodable {
        var invoiced: Money, received: Money, credited: Money, outstanding: Money, balances: Bool
    }

    /// The read of an invoice's printed form (`GET /v1/invoices/{id}/document`): the readers of invoices
    /// (`GET /v1/invoices`), the invoice the path names.
    static func readInvoice(context: O2CRequestContext, environment: ServiceEnvironment) async throws -> Invoice {
        _ = try context.require(anyOf: accountReaders)
        let id = try context.parameters.require("id")
        guard let invoice = try await environment.pool.withConnection({ try await InvoiceStore.find(id, on: $0) }) else {
            throw RuleViolation.notFound("no invoice \(id)")
        }
        return invoice
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/invoices") { request, context -> Response in
            _ = try context.require(anyOf: accountReaders)
            let query = try ListQuery(
                request, statuses: Invoice.Status.allCases.map(\.rawValue), filters: ["orderId", "customerId"],
                choices: ["kind": Invoice.Kind.allCases.map(\.rawValue), "overdue": ["true"]])
            let today = FinanceCalendar.business.day(of: environment.clock.now())
            let page = try await environment.pool.withConnection { try await InvoiceStore.list(query, today: today, on: $0) }
            return try ListPage(page.items.map(InvoiceView.init), next: page.next).response(from: request, context: context)
        }

        router.get("/v1/customers/:id/account") { _, context -> Response in
            _ = try context.require(anyOf: accountReaders)
            let customerId = try context.parameters.require("id")
            let view = try await environment.pool.transaction(isolation: .repeatableRead) { connection in
                try await AccountRoutes.account(of: customerId, on: connection)
            }
            return try JSONResponse(view).response()
        }

        router.get("/v1/receivables/aging") { _, context -> Response in
            _ = try context.require(anyOf: agingReaders)
            let invoices = try await environment.pool.withConnection { try await InvoiceStore.openReceivables(on: $0) }
            return try JSONResponse(try AgingReport(invoices: invoices, asOf: environment.clock.now(), calendar: FinanceCalendar.business))
                .response()
        }
    }

    static func account(of customerId: String, on connection: PostgresConnection) async throws -> Account {
        let invoices = try await InvoiceStore.forCustomer(customerId, on: connection)
        let credit = try await CreditBalanceStore.balance(of: customerId, on: connection)
        let ledger = try await AllocationStore.ledger(of: customerId, invoices: invoices, on: connection)
        let open = invoices.filter { $0.status == .open && $0.outstanding > .zero }
        return Account(
            // Sums of stored amounts: beyond the bounds only for an account past 999,999,999,999.99 (a 500).
            customerId: customerId, balanceOwed: ledger.outstanding, creditBalance: credit, netBalance: try ledger.outstanding - credit,
            openItems: open.map(InvoiceView.init),
            ledger: Ledger(
                invoiced: ledger.invoiced, received: ledger.received, credited: ledger.credited, outstanding: ledger.outstanding,
                balances: ledger.balances))
    }
}
