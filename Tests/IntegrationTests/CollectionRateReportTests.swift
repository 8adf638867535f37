import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import Testing

/// finance-collections' collection-rate report (回款率, CONTRACT.md "The department's daily work", Reports) as a
/// real process: invoices from the saga's requests (the deposit request carrying the order's salesperson),
/// receipts in and after the month by the service clock, the report by salesperson and by customer, in JSON
/// and CSV, against sums the test makes itself.
@Suite("finance-collections: GET /v1/reports/collection-rate", .serialized)
struct CollectionRateReportTests {
    struct Row: Decodable, Equatable {
        var group: String, due: Money, received: Money, rate: String?
    }
    struct Report: Decodable {
        var period: String, groupBy: String, rows: [Row], total: Row
    }
    struct ProblemBody: Decodable {
        struct FieldError: Decodable { var field: String }
        var errors: [FieldError]?
    }

    /// An invoice the test knows: whose it is, and what it computes the report from.
    struct Charge {
        var invoiceId: String, customerId: String, salesperson: String, amount: Money, dueDate: String
    }

    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// The test's own figures: January charges by group, allocations made in January.
    static func expected(_ charges: [Charge], paidInJanuary: [String: Int64], key: (Charge) -> String) -> (rows: [Row], total: Row) {
        let january = charges.filter { $0.dueDate.hasPrefix("2026-01") }
        func row(_ group: String, _ items: [Charge]) -> Row {
            let due = items.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
            let received = items.reduce(Int64(0)) { $0 + (paidInJanuary[$1.invoiceId] ?? 0) }
            let rate = due == 0 ? nil : received * 10_000 / due
            return Row(
                group: group, due: Money(minorUnits: due), received: Money(minorUnits: received),
                rate: rate.map { "\($0 / 100)." + ($0 % 100 < 10 ? "0" : "") + "\($0 % 100)" })
        }
        let groups = Dictionary(grouping: january, by: key).sorted { $0.key < $1.key }.map { row($0.key, $0.value) }
        return (groups, row("", january))
    }

    @Test("by salesperson and by customer: January's charges, what was paid on them by the end of January; CSV the same; roles; 422s")
    func collectionRate() async throws {
        try await ServiceHarness.run("finance-collections") { harness in
            let process = try await harness.start(["O2C_TEST_CLOCK": "1"])
            let finance = try await harness.token(.finance, subject: "fin-1")
            let (_, moved) = try await harness.http(
                "PUT", process, "/v1/admin/test-clock", token: finance, json: #"{"now": "2026-01-05T02:00:00Z"}"#)
            #expect(moved == 200)
            let capture = try await harness.capture(["finance.#"])

            // Four orders of two salespeople (and one unassigned) for two customers; deposits due in January.
            let orders: [(order: String, customer: String, salesperson: String?, total: String, ratio: Int)] = [
                ("o-a1", "c-1", "s-alice", "10000.00", 3000), ("o-a2", "c-2", "s-alice", "5000.00", 5000),
                ("o-b1", "c-2", "s-bob", "8000.00", 2500), ("o-u1", "c-1", nil, "1000.00", 10000),
            ]
            var charges: [Charge] = []
            for order in orders {
                try await harness.publish(
                    DepositInvoiceRequested(
                        orderId: order.order, customerId: order.customer, total: Money(order.total)!, depositRatioBasisPoints: order.ratio,
                        salesperson: order.salesperson, region: order.salesperson.map { _ in "east" }),
                    correlationID: order.order)
                let issued = try await capture.next(InvoiceIssued.self) { $0.orderId == order.order && $0.kind == "deposit" }
                charges.append(
                    Charge(
                        invoiceId: issued.invoiceId, customerId: order.customer, salesperson: order.salesperson ?? "",
                        amount: issued.amount,
                        dueDate: issued.dueDate ?? ""))
            }
            // Balance invoices (grade C: 14 days after delivery): o-a1's falls due in January, o-b1's in February.
            for (order, customer, salesperson, amount, delivered) in [
                ("o-a1", "c-1", "s-alice", "7000.00", "2026-01-10T02:00:00Z"), ("o-b1", "c-2", "s-bob", "6000.00", "2026-01-25T02:00:00Z"),
            ] {
                try await harness.publish(
                    BalanceInvoiceRequested(
                        orderId: order, customerId: customer, amount: Money(amount)!, grade: .c,
                        dispatchedAt: Self.instant("2026-01-06T02:00:00Z"), deliveredAt: Self.instant(delivered)),
                    correlationID: order)
                let issued = try await capture.next(InvoiceIssued.self) { $0.orderId == order && $0.kind == "balance" }
                charges.append(
                    Charge(
                        invoiceId: issued.invoiceId, customerId: customer, salesperson: salesperson, amount: issued.amount,
                        dueDate: issued.dueDate ?? ""))
            }
            #expect(charges.filter { $0.dueDate.hasPrefix("2026-01") }.count == 5)
            #expect(charges.filter { $0.dueDate.hasPrefix("2026-02") }.count == 1)

            func pay(_ index: Int, _ amount: String, reference: String) async throws -> Int {
                let charge = charges[index]
                let body =
                    #"{"customerId": "\#(charge.customerId)", "amount": "\#(amount)", "method": "bank", "reference": "\#(reference)", "allocations": [{"invoiceId": "\#(charge.invoiceId)", "amount": "\#(amount)"}]}"#
                return try await harness.http("POST", process, "/v1/receipts", token: finance, json: body).status
            }
            // In January: o-a1's deposit in full, o-a2's in part, o-b1's in full; o-u1's nothing.
            var paidInJanuary: [String: Int64] = [:]
            for (index, amount, reference) in [(0, "3000.00", "B-1"), (1, "1000.00", "B-2"), (2, "2000.00", "B-3")] {
                #expect(try await pay(index, amount, reference: reference) == 201)
                paidInJanuary[charges[index].invoiceId, default: 0] += Money(amount)!.minorUnits
            }
            // In February (by the service clock): 500.00 on o-a1's balance, after the month, not in January's figures.
            _ = try await harness.http("PUT", process, "/v1/admin/test-clock", token: finance, json: #"{"now": "2026-02-03T02:00:00Z"}"#)
            #expect(try await pay(4, "500.00", reference: "B-4") == 201)

            for (groupBy, key) in [("salesperson", { (c: Charge) in c.salesperson }), ("customer", { (c: Charge) in c.customerId })] {
                let path = "/v1/reports/collection-rate?period=2026-01&groupBy=\(groupBy)"
                let (body, status) = try await harness.http("GET", process, path, token: finance)
                #expect(status == 200)
                let report = try JSONCoding.decoder.decode(Report.self, from: body)
                let expected = Self.expected(charges, paidInJanuary: paidInJanuary, key: key)
                #expect(report.period == "2026-01" && report.groupBy == groupBy)
                #expect(report.rows == expected.rows)
                #expect(report.total == expected.total)

                // The CSV: a header, a line per group, the total last, the same figures.
                let (csvBody, csvStatus) = try await harness.http("GET", process, path, token: finance, headers: ["Accept": "text/csv"])
                #expect(csvStatus == 200)
                let lines = String(decoding: csvBody, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
                let csvRows = report.rows.map { "group,\($0.group),\($0.due),\($0.received),\($0.rate ?? "")" }
                let csvTotal = "total,,\(report.total.due),\(report.total.received),\(report.total.rate ?? "")"
                #expect(lines == ["row,group,due,received,rate"] + csvRows + [csvTotal])
            }
            // What the test expects, spelt out: alice 4000.00 of 12500.00, bob 2000.00 of 2000.00, unassigned 0.00 of 1000.00.
            let (bySalesperson, _) = try await harness.http(
                "GET", process, "/v1/reports/collection-rate?period=2026-01&groupBy=salesperson", token: finance)
            let rows = try JSONCoding.decoder.decode(Report.self, from: bySalesperson).rows
            #expect(rows.map(\.group) == ["", "s-alice", "s-bob"])
            #expect(rows.map(\.rate) == ["0.00", "32.00", "100.00"])

            // February: o-b1's balance fell due, nothing paid on it (the 500.00 of February went to a January charge);
            // March: nothing fell due, no rate.
            let (febBody, _) = try await harness.http(
                "GET", process, "/v1/reports/collection-rate?period=2026-02&groupBy=customer", token: finance)
            let february = try JSONCoding.decoder.decode(Report.self, from: febBody)
            #expect(february.rows == [Row(group: "c-2", due: Money("6000.00")!, received: .zero, rate: "0.00")])
            let (marchBody, _) = try await harness.http(
                "GET", process, "/v1/reports/collection-rate?period=2026-03&groupBy=customer", token: finance)
            let march = try JSONCoding.decoder.decode(Report.self, from: marchBody)
            #expect(march.rows.isEmpty && march.total == Row(group: "", due: .zero, received: .zero, rate: nil))

            // Readers: the aging report's; a salesperson is refused.
            for role in [Role.auditor, .generalManager, .salesDirector, .salesManager] {
                let (_, status) = try await harness.http(
                    "GET", process, "/v1/reports/collection-rate?period=2026-01&groupBy=customer", token: try await harness.token(role))
                #expect(status == 200)
            }
            let (_, forbidden) = try await harness.http(
                "GET", process, "/v1/reports/collection-rate?period=2026-01&groupBy=customer", token: try await harness.token(.salesperson))
            #expect(forbidden == 403)

            // Bad parameters: 422 naming the field.
            for (query, field) in [
                ("period=2026-13&groupBy=customer", "period"), ("groupBy=customer", "period"),
                ("period=1999-12&groupBy=customer", "period"),
                ("period=2026-01", "groupBy"), ("period=2026-01&groupBy=region", "groupBy"),
            ] {
                let (body, status) = try await harness.http("GET", process, "/v1/reports/collection-rate?\(query)", token: finance)
                #expect(status == 422, "\(query)")
                #expect(try JSONCoding.decoder.decode(ProblemBody.self, from: body).errors?.first?.field == field, "\(query)")
            }
        }
    }
}
