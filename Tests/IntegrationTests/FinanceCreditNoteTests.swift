import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import Testing

/// finance-collections alone, the harness playing after-sales and orders: credit notes for returns
/// (DOMAIN.md "After-sales and returns": finance issues a credit note and refunds or offsets it), the
/// refunds read side, and deposit re-pricing after an amendment (DOMAIN.md "Order amendments").
@Suite("finance-collections: credit notes, refunds and amendments (DOMAIN.md After-sales and returns; Order amendments)", .serialized)
struct FinanceCreditNoteTests {
    typealias Rows = FinanceServiceTests
    struct Refund: Decodable {
        var kind: String, amount: Money, returnId: String?, approvedBy: String?, createdBy: String, createdRole: String
    }
    struct Ledger: Decodable { var invoiced: Money, received: Money, credited: Money, outstanding: Money, balances: Bool }
    struct Account: Decodable { var balanceOwed: Money, ledger: Ledger }
    struct Statement: Decodable {
        struct Line: Decodable { var id: String }
        var closingBalance: Money, creditNotes: [Line]
    }

    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static func account(_ harness: ServiceHarness, _ process: ServiceProcess, _ customer: String, token: String) async throws -> Account {
        let (body, status) = try await harness.http("GET", process, "/v1/customers/\(customer)/account", token: token)
        #expect(status == 200)
        return try JSONCoding.decoder.decode(Account.self, from: body)
    }

    static func count(_ harness: ServiceHarness, _ table: String) async throws -> Int {
        try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).\(identifier: table)").rows[0].int("n")
    }

    @Test("a return's credit note offsets open invoices oldest first and refunds the rest, once per return; the ledger balances after each")
    func creditNotesForReturns() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start(["O2C_TEST_CLOCK": "1"])
            let finance = try await harness.token(.finance, subject: "fin-1")
            _ = try await harness.http("PUT", process, "/v1/admin/test-clock", token: finance, json: #"{"now": "2026-01-20T02:00:00Z"}"#)
            let capture = try await harness.capture(["finance.#"])
            try await harness.publish(
                DepositInvoiceRequested(orderId: "o-1", customerId: "c-1", total: Money("10000.00")!, depositRatioBasisPoints: 3000),
                correlationID: "o-1")
            _ = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-1" && $0.kind == "deposit" }
            let (_, paid) = try await harness.http(
                "POST", process, "/v1/receipts", token: finance,
                json: #"{"customerId": "c-1", "amount": "3000.00", "method": "bank", "reference": "B-1"}"#)
            #expect(paid == 201)
            try await harness.publish(
                BalanceInvoiceRequested(
                    orderId: "o-1", customerId: "c-1", amount: Money("7000.00")!, grade: .a,
                    dispatchedAt: Self.instant("2026-01-20T02:00:00Z"),
                    deliveredAt: nil), correlationID: "o-1")
            let balance = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-1" && $0.kind == "balance" }

            // 2000.00 credited: all of it offset against the open balance invoice, nothing refunded.
            let first = CreditNoteRequested(returnId: "r-1", orderId: "o-1", customerId: "c-1", lines: [], amount: Money("2000.00")!)
            try await harness.publish(first, correlationID: "r-1")
            let issued = try await capture.next(CreditNoteIssued.self) { $0.returnId == "r-1" }
            #expect(issued.amount == Money("2000.00")! && issued.offset == Money("2000.00")! && issued.refunded == .zero)
            var account = try await Self.account(harness, process, "c-1", token: finance)
            #expect(account.balanceOwed == Money("5000.00")! && account.ledger.balances)
            #expect(account.ledger.received == Money("3000.00")! && account.ledger.credited == Money("2000.00")!)

            // The same request again: the same fact republished, nothing changed.
            try await harness.publish(first, correlationID: "r-1")
            let again = try await capture.next(CreditNoteIssued.self) { _ in
                capture.received.filter { $0.routingKey == CreditNoteIssued.routingKey }.count >= 2
            }
            #expect(again.creditNoteId == issued.creditNoteId)
            #expect(try await Self.count(harness, "credit_notes") == 1)
            #expect(try await Self.count(harness, "allocations") == 2)

            // 6000.00 credited: 5000.00 offset settles the balance invoice (paid, as a receipt would), 1000.00 refunded.
            try await harness.publish(
                CreditNoteRequested(returnId: "r-2", orderId: "o-1", customerId: "c-1", lines: [], amount: Money("6000.00")!),
                correlationID: "r-2")
            let split = try await capture.next(CreditNoteIssued.self) { $0.returnId == "r-2" }
            #expect(split.offset == Money("5000.00")! && split.refunded == Money("1000.00")!)
            let settled = try await capture.next(InvoicePaid.self) { $0.invoiceId == balance.invoiceId }
            #expect(settled.kind == "balance")
            account = try await Self.account(harness, process, "c-1", token: finance)
            #expect(account.balanceOwed == .zero && account.ledger.balances)
            #expect(account.ledger.invoiced == Money("10000.00")! && account.ledger.received == Money("2000.00")!)
            #expect(account.ledger.credited == Money("8000.00")!)
            #expect(
                !capture.received.contains {
                    $0.routingKey == InvoiceIssued.routingKey && String(decoding: $0.body, as: UTF8.self).contains("credit_note")
                })

            // The invoices list the credit notes; the refunds read side shows the refund with who and when.
            let rows = try await Rows().invoices(harness, process, order: "o-1", token: finance)
            #expect(rows.filter { $0.kind == "credit_note" }.count == 2)
            let (refundsBody, refundsStatus) = try await harness.http(
                "GET", process, "/v1/refunds?customerId=c-1", token: try await harness.token(.auditor))
            #expect(refundsStatus == 200)
            let refunds = try JSONCoding.decoder.decode([Refund].self, from: refundsBody)
            #expect(refunds.count == 1)
            #expect(refunds.first?.kind == "return" && refunds.first?.amount == Money("1000.00")! && refunds.first?.returnId == "r-2")
            #expect(refunds.first?.createdBy == "system" && refunds.first?.createdRole == "system")
            let (_, salesRefunds) = try await harness.http(
                "GET", process, "/v1/refunds?customerId=c-1", token: try await harness.token(.salesperson))
            #expect(salesRefunds == 403)
            // Every customer's refunds in one list (CONTRACT.md "The department's daily work"); a filter it does not take is 422.
            let (everyBody, every) = try await harness.http("GET", process, "/v1/refunds", token: finance)
            let everyCount = (try JSONSerialization.jsonObject(with: everyBody) as? [Any])?.count
            #expect(every == 200 && everyCount == refunds.count)
            let (_, badFilter) = try await harness.http("GET", process, "/v1/refunds?invoiceId=x", token: finance)
            #expect(badFilter == 422)

            // The January statement lists the credit notes; 10000.00 − 8000.00 − 3000.00 + 1000.00 refunded = 0.00.
            let (statementBody, _) = try await harness.http("GET", process, "/v1/customers/c-1/statements/2026-01", token: finance)
            let statement = try JSONCoding.decoder.decode(Statement.self, from: statementBody)
            #expect(statement.creditNotes.count == 2 && statement.closingBalance == .zero)
        }
    }

    @Test("an amendment re-prices an unpaid deposit invoice once per amendment; a paid one is left for the balance to carry")
    func amendmentsReprice() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start()
            let finance = try await harness.token(.finance)
            let capture = try await harness.capture(["finance.#"])
            try await harness.publish(
                DepositInvoiceRequested(orderId: "o-5", customerId: "c-5", total: Money("10000.00")!, depositRatioBasisPoints: 3000),
                correlationID: "o-5")
            let deposit = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-5" }
            let amended = OrderAmended(
                orderId: "o-5", customerId: "c-5", amendmentId: "am-1", kind: "line_item", lines: [], total: Money("12000.00")!,
                previousTotal: Money("10000.00")!, approvedBy: "sm-1", amendedAt: Self.instant("2026-01-21T02:00:00Z"))
            try await harness.publish(amended, correlationID: "o-5")
            let adjusted = try await capture.next(InvoiceAdjusted.self) { $0.orderId == "o-5" }
            #expect(adjusted.invoiceId == deposit.invoiceId && adjusted.kind == "deposit")
            #expect(adjusted.previousAmount == Money("3000.00")! && adjusted.amount == Money("3600.00")!)
            try await harness.publish(amended, correlationID: "o-5")
            let repeated = try await capture.next(InvoiceAdjusted.self) { _ in
                capture.received.filter { $0.routingKey == InvoiceAdjusted.routingKey }.count >= 2
            }
            #expect(repeated == adjusted)
            var rows = try await Rows().invoices(harness, process, order: "o-5", token: finance)
            #expect(rows.count == 1 && rows[0].amount == Money("3600.00")! && rows[0].outstanding == Money("3600.00")!)

            // 1000.00 paid on it: the next amendment leaves it (recorded as kept), no event.
            let (_, paid) = try await harness.http(
                "POST", process, "/v1/receipts", token: finance,
                json: #"{"customerId": "c-5", "amount": "1000.00", "method": "bank", "reference": "B-5"}"#)
            #expect(paid == 201)
            var second = amended
            (second.amendmentId, second.total, second.previousTotal) = ("am-2", Money("8000.00")!, Money("12000.00")!)
            try await harness.publish(second, correlationID: "o-5")
            try await eventually("the second amendment recorded") { try await Self.count(harness, "invoice_adjustments") == 2 }
            rows = try await Rows().invoices(harness, process, order: "o-5", token: finance)
            #expect(rows[0].amount == Money("3600.00")! && rows[0].outstanding == Money("2600.00")!)
            _ = try? await capture.next(InvoiceAdjusted.self, timeout: .seconds(3)) { $0.amount == Money("2400.00")! }
            #expect(capture.received.filter { $0.routingKey == InvoiceAdjusted.routingKey }.count == 2)
            let who = try await harness.admin.query(
                "select created_by, approved_by, outcome from \(identifier: harness.schema).invoice_adjustments where amendment_id = 'am-2'"
            ).rows[0]
            #expect(try who.string("outcome") == "kept" && who.string("created_by") == "system" && who.string("approved_by") == "sm-1")
        }
    }

    @Test("a credit note offset on a deposit whose order is then cancelled is refunded with the deposit; the ledger still balances")
    func creditNoteOnCancelledDeposit() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start()
            let finance = try await harness.token(.finance)
            let capture = try await harness.capture(["finance.#"])
            try await harness.publish(
                DepositInvoiceRequested(orderId: "o-9", customerId: "c-9", total: Money("1000.00")!, depositRatioBasisPoints: 3000),
                correlationID: "o-9")
            let deposit = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-9" }
            try await harness.publish(
                CreditNoteRequested(returnId: "r-9", orderId: "o-8", customerId: "c-9", lines: [], amount: Money("300.00")!),
                correlationID: "r-9")
            let issued = try await capture.next(CreditNoteIssued.self) { $0.returnId == "r-9" }
            #expect(issued.offset == Money("300.00")! && issued.refunded == .zero)
            _ = try await capture.next(InvoicePaid.self) { $0.invoiceId == deposit.invoiceId }
            try await harness.publish(
                DepositRefundRequested(orderId: "o-9", customerId: "c-9", penalty: .zero, approvedBy: "gm-1"), correlationID: "o-9")
            let refunded = try await capture.next(DepositRefunded.self) { $0.orderId == "o-9" }
            #expect(refunded.refunded == Money("300.00")!)
            let account = try await Self.account(harness, process, "c-9", token: finance)
            #expect(account.ledger.balances && account.ledger.credited == .zero && account.balanceOwed == .zero, "\(account)")
        }
    }
}
