import Foundation
import O2CContracts
import O2CMessaging
import Testing

/// finance-collections' lists as a real process (CONTRACT.md "The department's daily work"; DOMAIN.md
/// "Invoices, receipts and the customer's account"): invoices, receipts and refunds in keyset pages, with the
/// filters the back office chases by.
@Suite("Finance lists (CONTRACT.md The department's daily work; DOMAIN.md Invoices, receipts and the customer's account)", .serialized)
struct FinanceListTests {
    @Test(
        "The department's daily work: six deposit invoices of two customers page through exactly once, newest first; customer, overdue and status filters narrow; receipts page with the reconciliation filter"
    )
    func invoicesAndReceiptsPage() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start(["O2C_TEST_CLOCK": "1"])
            let finance = try await harness.token(.finance, subject: "fin-1")
            let capture = try await harness.capture(["finance.#"])
            func clock(_ now: String) async throws {
                let (_, status) = try await harness.http(
                    "PUT", process, "/v1/admin/test-clock", token: finance, json: #"{"now": "\#(now)"}"#)
                #expect(status == 200)
            }
            var issued: [(invoice: String, customer: String)] = []
            for index in 1...6 {
                try await clock("2026-01-20T0\(index):00:00Z")
                let customer = index % 2 == 0 ? "c-even" : "c-odd"
                try await harness.publish(
                    DepositInvoiceRequested(
                        orderId: "o-\(index)", customerId: customer, total: Money("1000.00")!, depositRatioBasisPoints: 3000),
                    correlationID: "o-\(index)")
                let invoice = try await capture.next(InvoiceIssued.self) { $0.orderId == "o-\(index)" }
                issued.append((invoice.invoiceId, customer))
            }
            let newestFirst = issued.reversed().map(\.invoice)
            #expect(try await ListPaging.pageThrough(harness, process, "/v1/invoices?limit=4", finance).ids == newestFirst)
            let even = try await ListPaging.pageThrough(harness, process, "/v1/invoices?customerId=c-even&limit=1", finance)
            #expect(even.ids == issued.filter { $0.customer == "c-even" }.reversed().map(\.invoice) && even.pages == 3)

            // Pay o-1's deposit; after its 7 days every other deposit is overdue, the paid one is not.
            let receipt = #"{"customerId": "c-odd", "amount": "300.00", "method": "bank", "reference": "BANK-1"}"#
            #expect(try await harness.http("POST", process, "/v1/receipts", token: finance, json: receipt).status == 201)
            let mismatch =
                #"{"customerId": "c-even", "amount": "250.00", "method": "bank", "reference": "BANK-2", "expectedAmount": "300.00"}"#
            #expect(try await harness.http("POST", process, "/v1/receipts", token: finance, json: mismatch).status == 201)
            try await clock("2026-02-10T02:00:00Z")
            let overdue = try await ListPaging.pageThrough(harness, process, "/v1/invoices?overdue=true&limit=2", finance)
            #expect(Set(overdue.ids) == Set(newestFirst.dropLast()) && overdue.ids.count == 5)
            let settled = try await ListPaging.pageThrough(harness, process, "/v1/invoices?status=settled", finance)
            #expect(settled.ids == [issued[0].invoice])

            let receipts = try await ListPaging.pageThrough(harness, process, "/v1/receipts?limit=1", finance)
            #expect(receipts.items.compactMap { $0["reference"] as? String } == ["BANK-2", "BANK-1"] && receipts.pages == 2)
            let toReconcile = try await ListPaging.pageThrough(harness, process, "/v1/receipts?reconciliation=true", finance)
            #expect(toReconcile.items.compactMap { $0["reference"] as? String } == ["BANK-2"])
            #expect(try await ListPaging.pageThrough(harness, process, "/v1/refunds", finance).items.isEmpty)

            let sales = try await harness.token(.salesperson)
            #expect(try await harness.http("GET", process, "/v1/receipts", token: sales).status == 403)
            #expect(try await harness.http("GET", process, "/v1/invoices?overdue=yes", token: finance).status == 422)
        }
    }
}
