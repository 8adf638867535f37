import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import Testing

/// finance-collections as a real process: invoices from the saga's requests, receipts by finance only,
/// allocation and credit balances, overdue detection by the service clock, aging and the ledger identity.
@Suite("finance-collections: DOMAIN.md \"Invoices, receipts and the customer's account\"", .serialized)
struct FinanceServiceTests {
    struct InvoiceRow: Decodable { var id: String, kind: String, amount: Money, outstanding: Money, dueDate: String, status: String }
    struct Recorded: Decodable { var id: String, creditBalance: Money, toCredit: Money, needsReconciliation: Bool }
    struct ProblemBody: Decodable {
        struct FieldError: Decodable { var field: String }
        var code: String
        var errors: [FieldError]?
    }
    struct Aging: Decodable {
        struct Amounts: Decodable { var buckets: [String: Money], total: Money }
        var totals: Amounts
    }
    struct Statement: Decodable {
        struct Line: Decodable { var id: String }
        var openingBalance: Money, closingBalance: Money, invoices: [Line], receipts: [Line]
    }
    struct Account: Decodable {
        struct Ledger: Decodable { var balances: Bool }
        var balanceOwed: Money, creditBalance: Money, ledger: Ledger
    }

    static let decoder = JSONCoding.decoder

    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func invoices(_ harness: ServiceHarness, _ process: ServiceProcess, order: String, token: String) async throws -> [InvoiceRow] {
        let (body, status) = try await harness.http("GET", process, "/v1/invoices?orderId=\(order)", token: token)
        #expect(status == 200)
        return try Self.decoder.decode([InvoiceRow].self, from: body)
    }

    func count(_ harness: ServiceHarness, _ table: String) async throws -> Int {
        try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).\(identifier: table)").rows[0].int("n")
    }

    @Test("deposit, receipts by finance only, credit balance, balance due per grade C, refusals, overdue once, aging, ledger identity")
    func invoicesReceiptsAndAccount() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start(["O2C_TEST_CLOCK": "1", "O2C_OVERDUE_INTERVAL_SECONDS": "1"])
            let finance = try await harness.token(.finance, subject: "fin-1")
            let sales = try await harness.token(.salesperson, subject: "sales-1")
            let (_, moved) = try await harness.http(
                "PUT", process, "/v1/admin/test-clock", token: finance, json: #"{"now": "2026-01-20T02:00:00Z"}"#)
            #expect(moved == 200)
            let capture = try await harness.capture(["finance.#"])

            // Deposit 30% of 10000.00, due at the end of the 7-day unpaid-deposit window; the same request again issues nothing.
            let request = DepositInvoiceRequested(
                orderId: "o-1", customerId: "c-1", total: Money("10000.00")!, depositRatioBasisPoints: 3000)
            try await harness.publish(request, correlationID: "o-1")
            let issued = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-1" && $0.kind == "deposit" }
            #expect(issued.amount == Money("3000.00")!)
            #expect(issued.dueDate == "2026-01-27")
            try await harness.publish(request, correlationID: "o-1")
            try await eventually("the repeated request handled") { try await count(harness, "inbox") >= 2 }
            #expect(try await invoices(harness, process, order: "o-1", token: finance).count == 1)

            // A salesperson never records a receipt.
            let receipt = #"{"customerId": "c-1", "amount": "3500.00", "method": "bank", "reference": "BANK-001"}"#
            let (_, forbidden) = try await harness.http("POST", process, "/v1/receipts", token: sales, json: receipt)
            #expect(forbidden == 403)
            #expect(try await count(harness, "receipts") == 0)

            // Finance records 3500.00: the deposit is paid, 500.00 becomes credit.
            let (recordedBody, created) = try await harness.http("POST", process, "/v1/receipts", token: finance, json: receipt)
            #expect(created == 201)
            let recorded = try Self.decoder.decode(Recorded.self, from: recordedBody)
            #expect(recorded.creditBalance == Money("500.00")!)
            let paid = try await capture.next(InvoicePaid.self) { $0.orderId == "o-1" }
            #expect(paid.kind == "deposit" && paid.invoiceId == issued.invoiceId)

            // Grade C, delivered 2026-01-25: due 14 days later; the credit is applied at once.
            try await harness.publish(
                BalanceInvoiceRequested(
                    orderId: "o-1", customerId: "c-1", amount: Money("7000.00")!, grade: .c,
                    dispatchedAt: Self.instant("2026-01-22T02:00:00Z"), deliveredAt: Self.instant("2026-01-25T02:00:00Z")),
                correlationID: "o-1")
            let balance = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-1" && $0.kind == "balance" }
            #expect(balance.dueDate == "2026-02-08")
            let afterCredit = try await invoices(harness, process, order: "o-1", token: sales).first { $0.id == balance.invoiceId }
            #expect(afterCredit?.outstanding == Money("6500.00")!)

            // Refusals record nothing: a settled invoice (409), more than the invoice owes (422).
            let toSettled =
                #"{"customerId": "c-1", "amount": "100.00", "method": "bank", "reference": "BANK-002", "allocations": [{"invoiceId": "\#(issued.invoiceId)", "amount": "100.00"}]}"#
            let (settledBody, settled) = try await harness.http("POST", process, "/v1/receipts", token: finance, json: toSettled)
            #expect(settled == 409)
            #expect(try Self.decoder.decode(ProblemBody.self, from: settledBody).code == "invalid_state")
            let over =
                #"{"customerId": "c-1", "amount": "7000.00", "method": "bank", "reference": "BANK-003", "allocations": [{"invoiceId": "\#(balance.invoiceId)", "amount": "7000.00"}]}"#
            let (overBody, overStatus) = try await harness.http("POST", process, "/v1/receipts", token: finance, json: over)
            #expect(overStatus == 422)
            #expect(try Self.decoder.decode(ProblemBody.self, from: overBody).errors?.first?.field == "allocations[0].amount")
            #expect(try await count(harness, "receipts") == 1)

            // The same POST with the same Idempotency-Key twice: one receipt.
            let part =
                #"{"customerId": "c-1", "amount": "100.00", "method": "cash", "reference": "CASH-1", "allocations": [{"invoiceId": "\#(balance.invoiceId)", "amount": "100.00"}]}"#
            let (first, firstStatus) = try await harness.http(
                "POST", process, "/v1/receipts", token: finance, json: part, headers: ["Idempotency-Key": "rcpt-k-1"])
            let (second, secondStatus) = try await harness.http(
                "POST", process, "/v1/receipts", token: finance, json: part, headers: ["Idempotency-Key": "rcpt-k-1"])
            #expect(firstStatus == 201 && secondStatus == 201)
            #expect(try Self.decoder.decode(Recorded.self, from: first).id == Self.decoder.decode(Recorded.self, from: second).id)
            #expect(try await count(harness, "receipts") == 2)

            // Past the due date by the service clock: overdue published once.
            _ = try await harness.http("PUT", process, "/v1/admin/test-clock", token: finance, json: #"{"now": "2026-02-10T02:00:00Z"}"#)
            let overdue = try await capture.next(InvoiceOverdue.self) { $0.invoiceId == balance.invoiceId }
            #expect(overdue.outstanding == Money("6400.00")! && overdue.dueDate == "2026-02-08")
            _ = try? await capture.next(InvoiceOverdue.self, timeout: .seconds(4)) { $0.invoiceId == "none" }
            #expect(capture.received.filter { $0.routingKey == InvoiceOverdue.routingKey }.count == 1)

            // Aging as of the service clock: 2 days past due is in 1-30.
            let (agingBody, agingStatus) = try await harness.http("GET", process, "/v1/receivables/aging", token: finance)
            #expect(agingStatus == 200)
            let aging = try Self.decoder.decode(Aging.self, from: agingBody)
            #expect(aging.totals.buckets["1-30"] == Money("6400.00")!)
            #expect(aging.totals.total == Money("6400.00")!)

            // Ledger identity: invoiced = received + credited + outstanding, from the tables themselves.
            let ledger = try await harness.admin.query(
                """
                select (select sum(amount) from \(identifier: harness.schema).invoices where customer_id = 'c-1' and status <> 'cancelled') as invoiced,
                       (select sum(a.amount) from \(identifier: harness.schema).allocations a) as received,
                       (select sum(outstanding) from \(identifier: harness.schema).invoices where customer_id = 'c-1' and status <> 'cancelled') as outstanding
                """
            ).rows[0]
            #expect(try ledger.int64("invoiced") == 1_000_000)
            #expect(try ledger.int64("invoiced") == ledger.int64("received") + ledger.int64("outstanding"))
            let (accountBody, _) = try await harness.http("GET", process, "/v1/customers/c-1/account", token: finance)
            let account = try Self.decoder.decode(Account.self, from: accountBody)
            #expect(account.ledger.balances && account.balanceOwed == Money("6400.00")! && account.creditBalance == .zero)

            // The January statement: nothing before, two invoices and two receipts in it, 6400.00 owed at the end.
            let (statementBody, statementStatus) = try await harness.http(
                "GET", process, "/v1/customers/c-1/statements/2026-01", token: finance)
            #expect(statementStatus == 200)
            let statement = try Self.decoder.decode(Statement.self, from: statementBody)
            #expect(statement.openingBalance == .zero && statement.closingBalance == Money("6400.00")!)
            #expect(statement.invoices.count == 2 && statement.receipts.count == 2)
            let (_, salesAging) = try await harness.http("GET", process, "/v1/receivables/aging", token: sales)
            #expect(salesAging == 403)

            // The overdue loop stops promptly on SIGTERM.
            #expect(await process.terminate(timeout: .seconds(10)) == 0)
        }
    }

    @Test("a cancellation refunds what was paid on the deposit less the penalty, once; an unknown order gets a 0.00 tombstone")
    func depositRefunds() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start()
            let finance = try await harness.token(.finance)
            let capture = try await harness.capture(["finance.#"])
            try await harness.publish(
                DepositInvoiceRequested(orderId: "o-2", customerId: "c-2", total: Money("1000.00")!, depositRatioBasisPoints: 3000),
                correlationID: "o-2")
            let deposit = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-2" }
            let (_, created) = try await harness.http(
                "POST", process, "/v1/receipts", token: finance,
                json: #"{"customerId": "c-2", "amount": "300.00", "method": "bank", "reference": "B-9"}"#)
            #expect(created == 201)
            let refund = DepositRefundRequested(orderId: "o-2", customerId: "c-2", penalty: Money("50.00")!, approvedBy: "gm-1")
            try await harness.publish(refund, correlationID: "o-2")
            let refunded = try await capture.next(DepositRefunded.self) { $0.orderId == "o-2" }
            #expect(refunded.refunded == Money("250.00")! && refunded.penalty == Money("50.00")!)
            try await harness.publish(refund, correlationID: "o-2")
            _ = try await capture.next(
                DepositRefunded.self, where: { _ in capture.received.filter { $0.routingKey == DepositRefunded.routingKey }.count >= 2 })
            #expect(try await count(harness, "refunds") == 1)
            let rows = try await invoices(harness, process, order: "o-2", token: finance)
            #expect(rows.first { $0.id == deposit.invoiceId }?.status == "cancelled")

            try await harness.publish(
                DepositRefundRequested(orderId: "o-3", customerId: "c-3", penalty: Money("10.00")!, approvedBy: "gm-1"),
                correlationID: "o-3")
            let tombstone = try await capture.next(DepositRefunded.self) { $0.orderId == "o-3" }
            #expect(tombstone.refunded == .zero)
            try await harness.publish(
                DepositInvoiceRequested(orderId: "o-3", customerId: "c-3", total: Money("500.00")!, depositRatioBasisPoints: 3000),
                correlationID: "o-3")
            try await eventually("the late deposit request handled") { try await count(harness, "inbox") >= 5 }
            #expect(try await invoices(harness, process, order: "o-3", token: finance).isEmpty)
        }
    }
}
