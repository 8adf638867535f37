import Foundation
import Logging
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

    struct InvoiceView: Encodable {
        var id: String
        var kind: Invoice.Kind
        var orderId: String?
        var customerId: String
        var amount: Money
        var outstanding: Money
        var dueDate: CalendarDate
        var status: Invoice.Status
        var issuedAt: Date
        init(_ invoice: Invoice) {
            (id, kind, orderId, customerId) = (invoice.id, invoice.kind, invoice.orderId, invoice.customerId)
            (amount, outstanding, dueDate, status, issuedAt) = (invoice.amount, invoice.outstanding, invoice.dueDate, invoice.status, invoice.issuedAt)
        }
    }

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

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/invoices") { request, context -> Response in
            _ = try context.require(anyOf: accountReaders)
            let query = request.uri.queryParameters
            let invoices: [Invoice]
            if let orderId = query.get("orderId"), !orderId.isEmpty {
                invoices = try await environment.pool.withConnection { try await InvoiceStore.forOrder(orderId, on: $0) }
            } else if let customerId = query.get("customerId"), !customerId.isEmpty {
                invoices = try await environment.pool.withConnection { try await InvoiceStore.forCustomer(customerId, on: $0) }
            } else {
                throw Problem.validation("give orderId or customerId", errors: [.init(field: "orderId", message: "orderId or customerId is required")])
            }
            return try JSONResponse(invoices.map(InvoiceView.init)).response()
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
            let result = try await environment.pool.query(
                "select \(InvoiceStore.columns) from invoices where status = 'open' and kind <> 'credit_note' and outstanding > 0", [])
            let invoices = try result.rows.map(InvoiceStore.invoice)
            return try JSONResponse(try AgingReport(invoices: invoices, asOf: environment.clock.now(), calendar: FinanceHandlers.calendar)).response()
        }

        StatementRoutes.add(to: router, environment: environment)
    }

    static func account(of customerId: String, on connection: PostgresConnection) async throws -> Account {
        let invoices = try await InvoiceStore.forCustomer(customerId, on: connection)
        let credit = try await CreditBalances.balance(of: customerId, on: connection)
        let ledger = try await AccountRoutes.ledger(of: customerId, invoices: invoices, on: connection)
        let open = invoices.filter { $0.status == .open && $0.outstanding > .zero }
        return Account(
            // Sums of stored amounts: beyond the bounds only for an account past 999,999,999,999.99 (a 500).
            customerId: customerId, balanceOwed: ledger.outstanding, creditBalance: credit, netBalance: try ledger.outstanding - credit,
            openItems: open.map(InvoiceView.init),
            ledger: Ledger(
                invoiced: ledger.invoiced, received: ledger.received, credited: ledger.credited, outstanding: ledger.outstanding,
                balances: ledger.balances))
    }

    /// LedgerIdentity over the customer's invoices and the money allocated to them: receipts and credit
    /// balance, not credit-note offsets (those are in `credited`); credit-note refunds paid out are taken
    /// off `received`. Refunds of cancelled deposits are left out: the cancelled invoice and what was paid
    /// on it (credit-note offsets included, `creditReleased`) are out of the identity already.
    static func ledger(of customerId: String, invoices: [Invoice], on connection: PostgresConnection) async throws -> LedgerIdentity {
        let lines = try await connection.query(
            """
            select a.invoice_id, a.amount from allocations a join invoices i on i.id = a.invoice_id
            where i.customer_id = $1 and a.source <> 'credit_note'
            """, [customerId])
        let allocations = try lines.rows.map {
            AllocationLine(invoiceId: try $0.string("invoice_id"), amount: Money(minorUnits: try $0.int64("amount")))
        }
        let credit = try await connection.query(
            """
            select (select coalesce(sum(amount), 0) from credit_note_refunds where customer_id = $1) as refunded,
                   (select coalesce(sum(a.amount), 0) from allocations a join invoices i on i.id = a.invoice_id
                     where i.customer_id = $1 and a.source = 'credit_note' and i.status = 'cancelled') as released
            """, [customerId]).onlyRow()
        return try LedgerIdentity(
            customerId: customerId, invoices: invoices, allocations: allocations,
            refunded: Money(minorUnits: try credit.int64("refunded")), creditReleased: Money(minorUnits: try credit.int64("released")))
    }
}
