import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import Testing

/// finance-collections alone: dunning (the salesperson chases, finance confirms), cash on delivery checked
/// at hand-over, the customer's statement confirmation, and freight refunds approved by the
/// general_manager (DOMAIN.md "Invoices, receipts and the customer's account").
@Suite(
    "finance-collections: dunning, cash on delivery, statement confirmation, freight refunds (DOMAIN.md Invoices, receipts and the customer's account)",
    .serialized)
struct FinanceDunningTests {
    struct Overdue: Decodable {
        struct Notice: Decodable { var id: String }
        struct Row: Decodable { var id: String }
        var invoice: Row, daysOverdue: Int, level: Int, lastNotice: Notice?
    }
    struct Notice: Decodable { var id: String, level: Int, daysOverdue: Int, chasedBy: String, status: String, confirmedBy: String? }
    struct CodReceipt: Decodable {
        struct Cod: Decodable { var expected: Money, handedOverLate: Bool, carrier: String }
        var needsReconciliation: Bool, cod: Cod?
    }
    struct Statement: Decodable {
        struct Confirmation: Decodable { var confirmedBy: String, recordedBy: String }
        var confirmation: Confirmation?
    }
    struct FreightRefund: Decodable {
        struct CreditNote: Decodable { var creditNoteId: String, offset: Money, refunded: Money }
        var id: String, status: String, creditNote: CreditNote?
    }

    static let decoder = JSONCoding.decoder

    @Test("dunning level by days overdue, chased by the salesperson and confirmed by finance; refusals change nothing")
    func dunningAndCashOnDelivery() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start(["O2C_TEST_CLOCK": "1"])
            let finance = try await harness.token(.finance, subject: "fin-1")
            let sales = try await harness.token(.salesperson, subject: "sales-1")
            _ = try await harness.http("PUT", process, "/v1/admin/test-clock", token: finance, json: #"{"now": "2026-01-20T02:00:00Z"}"#)
            let capture = try await harness.capture(["finance.#"])
            try await harness.publish(
                BalanceInvoiceRequested(
                    orderId: "o-7", customerId: "c-7", amount: Money("1000.00")!, grade: .a,
                    dispatchedAt: FinanceCreditNoteTests.instant("2026-01-20T02:00:00Z"), deliveredAt: nil), correlationID: "o-7")
            let invoice = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-7" }
            let chase = #"{"note": "called about the balance", "contact": "Mr Li, 138-0000-0000"}"#

            // Due today: not overdue yet.
            let (_, early) = try await harness.http(
                "POST", process, "/v1/invoices/\(invoice.invoiceId)/dunning-notices", token: sales, json: chase)
            #expect(early == 409)

            // 40 days past due: level 2.
            _ = try await harness.http("PUT", process, "/v1/admin/test-clock", token: finance, json: #"{"now": "2026-03-01T02:00:00Z"}"#)
            // The company-wide list follows aging's roles (DOMAIN.md "Confidentiality"): the salesperson
            // chases an invoice but does not read everyone's list; its manager does.
            let (_, salesList) = try await harness.http("GET", process, "/v1/dunning?customerId=c-7", token: sales)
            #expect(salesList == 403)
            let manager = try await harness.token(.salesManager, subject: "manager-1")
            let (listBody, listStatus) = try await harness.http("GET", process, "/v1/dunning?customerId=c-7", token: manager)
            #expect(listStatus == 200)
            let list = try Self.decoder.decode([Overdue].self, from: listBody)
            #expect(list.count == 1 && list.first?.level == 2 && list.first?.daysOverdue == 40 && list.first?.lastNotice == nil)
            let (_, byFinance) = try await harness.http(
                "POST", process, "/v1/invoices/\(invoice.invoiceId)/dunning-notices", token: finance, json: chase)
            let (_, empty) = try await harness.http(
                "POST", process, "/v1/invoices/\(invoice.invoiceId)/dunning-notices", token: sales, json: #"{"note": " ", "contact": "x"}"#)
            let (_, unknown) = try await harness.http("POST", process, "/v1/invoices/inv-none/dunning-notices", token: sales, json: chase)
            #expect(byFinance == 403 && empty == 422 && unknown == 404)
            #expect(try await FinanceCreditNoteTests.count(harness, "dunning_notices") == 0)
            let (noticeBody, created) = try await harness.http(
                "POST", process, "/v1/invoices/\(invoice.invoiceId)/dunning-notices", token: sales, json: chase)
            #expect(created == 201)
            let notice = try Self.decoder.decode(Notice.self, from: noticeBody)
            #expect(notice.level == 2 && notice.daysOverdue == 40 && notice.chasedBy == "sales-1" && notice.status == "chased")

            // Finance confirms, once.
            let (_, salesConfirm) = try await harness.http("POST", process, "/v1/dunning-notices/\(notice.id)/confirm", token: sales)
            #expect(salesConfirm == 403)
            let (confirmedBody, confirmed) = try await harness.http(
                "POST", process, "/v1/dunning-notices/\(notice.id)/confirm", token: finance)
            #expect(confirmed == 200)
            let done = try Self.decoder.decode(Notice.self, from: confirmedBody)
            #expect(done.status == "confirmed" && done.confirmedBy == "fin-1")
            let (_, twice) = try await harness.http("POST", process, "/v1/dunning-notices/\(notice.id)/confirm", token: finance)
            #expect(twice == 409)
            let (againBody, _) = try await harness.http("GET", process, "/v1/dunning", token: finance)
            #expect(
                try Self.decoder.decode([Overdue].self, from: againBody).first { $0.invoice.id == invoice.invoiceId }?.lastNotice?.id
                    == notice.id)

            // Cash on delivery: must name order, carrier and collection time; 900.00 collected yesterday for
            // 1000.00 owed is recorded and flagged twice over (amount and late hand-over).
            let (_, incomplete) = try await harness.http(
                "POST", process, "/v1/receipts", token: finance,
                json: #"{"customerId": "c-7", "amount": "900.00", "method": "cod", "reference": "WB-7"}"#)
            #expect(incomplete == 422)
            #expect(try await FinanceCreditNoteTests.count(harness, "receipts") == 0)
            let (codBody, codStatus) = try await harness.http(
                "POST", process, "/v1/receipts", token: finance,
                json:
                    #"{"customerId": "c-7", "amount": "900.00", "method": "cod", "reference": "WB-7", "orderId": "o-7", "carrier": "SF Express", "collectedAt": "2026-02-28T03:00:00Z"}"#
            )
            #expect(codStatus == 201)
            let cod = try Self.decoder.decode(CodReceipt.self, from: codBody)
            #expect(cod.needsReconciliation && cod.cod?.expected == Money("1000.00")! && cod.cod?.handedOverLate == true)
            let row = try await harness.admin.query(
                "select needs_reconciliation, reconciliation_difference, carrier from \(identifier: harness.schema).receipts"
            ).rows[0]
            #expect(
                try row.bool("needs_reconciliation") && row.int64("reconciliation_difference") == -10_000
                    && row.string("carrier") == "SF Express")

            // The customer confirms the January statement, once; the statement shows it.
            let path = "/v1/customers/c-7/statements/2026-01/confirmation"
            let confirmation = #"{"confirmedBy": "Mr Li", "note": "signed and returned"}"#
            let (_, salesStatement) = try await harness.http("POST", process, path, token: sales, json: confirmation)
            let (_, badMonth) = try await harness.http(
                "POST", process, "/v1/customers/c-7/statements/2026-13/confirmation", token: finance, json: confirmation)
            let (_, future) = try await harness.http(
                "POST", process, "/v1/customers/c-7/statements/2026-04/confirmation", token: finance, json: confirmation)
            #expect(salesStatement == 403 && badMonth == 422 && future == 409)
            let (_, recorded) = try await harness.http("POST", process, path, token: finance, json: confirmation)
            let (_, again) = try await harness.http("POST", process, path, token: finance, json: confirmation)
            #expect(recorded == 201 && again == 409)
            let (statementBody, _) = try await harness.http("GET", process, "/v1/customers/c-7/statements/2026-01", token: sales)
            let statement = try Self.decoder.decode(Statement.self, from: statementBody)
            #expect(statement.confirmation?.confirmedBy == "Mr Li" && statement.confirmation?.recordedBy == "fin-1")
        }
    }

    @Test("a freight refund waits for the general_manager; approved, its credit note offsets what is owed and refunds what was paid")
    func freightRefunds() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start()
            let finance = try await harness.token(.finance, subject: "fin-1")
            let manager = try await harness.token(.generalManager, subject: "gm-1")
            let capture = try await harness.capture(["finance.#"])
            let (emptyBody, emptyStatus) = try await harness.http("GET", process, "/v1/dunning", token: finance)
            #expect(emptyStatus == 200 && String(decoding: emptyBody, as: UTF8.self) == "[]")
            try await harness.publish(
                ShipmentDispatched(
                    dispatchNoteId: "dn-8", orderId: "o-8", customerId: "c-8",
                    dispatchedAt: FinanceCreditNoteTests.instant("2026-01-20T02:00:00Z"),
                    carrier: "SF Express", totalFreight: Money("500.00")!), correlationID: "o-8")
            let freight = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-8" && $0.kind == "freight" }
            try await harness.publish(
                DepositInvoiceRequested(orderId: "o-8", customerId: "c-8", total: Money("1000.00")!, depositRatioBasisPoints: 3000),
                correlationID: "o-8")
            let deposit = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-8" && $0.kind == "deposit" }
            let (_, paid) = try await harness.http(
                "POST", process, "/v1/receipts", token: finance,
                json:
                    #"{"customerId": "c-8", "amount": "200.00", "method": "bank", "reference": "B-8", "allocations": [{"invoiceId": "\#(freight.invoiceId)", "amount": "200.00"}]}"#
            )
            #expect(paid == 201)

            // Refusals: the wrong role, not a freight invoice, more than it charged.
            let body = #"{"invoiceId": "\#(freight.invoiceId)", "amount": "500.00", "reason": "carrier overcharged"}"#
            let (_, byManager) = try await harness.http("POST", process, "/v1/freight-refunds", token: manager, json: body)
            let (_, notFreight) = try await harness.http(
                "POST", process, "/v1/freight-refunds", token: finance,
                json: #"{"invoiceId": "\#(deposit.invoiceId)", "amount": "10.00", "reason": "x"}"#)
            let (_, tooMuch) = try await harness.http(
                "POST", process, "/v1/freight-refunds", token: finance,
                json: #"{"invoiceId": "\#(freight.invoiceId)", "amount": "500.01", "reason": "x"}"#)
            #expect(byManager == 403 && notFreight == 422 && tooMuch == 422)
            #expect(try await FinanceCreditNoteTests.count(harness, "freight_refunds") == 0)

            let (pendingBody, created) = try await harness.http("POST", process, "/v1/freight-refunds", token: finance, json: body)
            #expect(created == 201)
            let pending = try Self.decoder.decode(FreightRefund.self, from: pendingBody)
            #expect(pending.status == "pending")
            let decision = #"{"decision": "approve", "comment": "agreed with the carrier"}"#
            let (_, byFinance) = try await harness.http(
                "POST", process, "/v1/freight-refunds/\(pending.id)/approvals", token: finance, json: decision)
            let (_, badDecision) = try await harness.http(
                "POST", process, "/v1/freight-refunds/\(pending.id)/approvals", token: manager, json: #"{"decision": "maybe"}"#)
            #expect(byFinance == 403 && badDecision == 422)
            let (approvedBody, approved) = try await harness.http(
                "POST", process, "/v1/freight-refunds/\(pending.id)/approvals", token: manager, json: decision)
            #expect(approved == 200)
            let refund = try Self.decoder.decode(FreightRefund.self, from: approvedBody)
            #expect(
                refund.status == "approved" && refund.creditNote?.offset == Money("300.00")!
                    && refund.creditNote?.refunded == Money("200.00")!)
            let settled = try await capture.next(InvoicePaid.self) { $0.invoiceId == freight.invoiceId }
            #expect(settled.kind == "freight")
            let (_, twice) = try await harness.http(
                "POST", process, "/v1/freight-refunds/\(pending.id)/approvals", token: manager, json: decision)
            #expect(twice == 409)

            // The ledger still balances; the refund is listed with the general_manager's approval.
            let account = try await FinanceCreditNoteTests.account(harness, process, "c-8", token: finance)
            #expect(account.ledger.balances && account.balanceOwed == Money("300.00")!)
            #expect(account.ledger.received == .zero && account.ledger.credited == Money("500.00")!)
            let (refundsBody, _) = try await harness.http("GET", process, "/v1/refunds?orderId=o-8", token: manager)
            let refunds = try Self.decoder.decode([FinanceCreditNoteTests.Refund].self, from: refundsBody)
            #expect(refunds.count == 1 && refunds.first?.kind == "freight" && refunds.first?.approvedBy == "gm-1")
            #expect(refunds.first?.amount == Money("200.00")!)
        }
    }
}
