import Foundation
import O2CContracts
import Testing

@testable import FinanceCollections

@Suite("Aging of receivables (DOMAIN.md Invoices, receipts and the customer's account — current, 1–30, 31–60, 61–90, over 90)")
struct AgingTests {
    /// Noon in Shanghai on 30 June 2025.
    let asOf = Fixture.instant("2025-06-30T04:00:00Z")

    @Test(
        "bucket boundaries, by calendar days past the due date",
        arguments: [
            ("2025-07-05", -5, "current"), ("2025-06-30", 0, "current"), ("2025-06-29", 1, "1-30"),
            ("2025-05-31", 30, "1-30"), ("2025-05-30", 31, "31-60"), ("2025-05-01", 60, "31-60"),
            ("2025-04-30", 61, "61-90"), ("2025-04-01", 90, "61-90"), ("2025-03-31", 91, "over_90"),
        ])
    func boundaries(due: String, days: Int, bucket: String) throws {
        let invoice = Fixture.invoice("inv", amount: "100.00", due: due)
        #expect(invoice.daysPastDue(asOf: asOf, calendar: Fixture.shanghai) == days)
        #expect(AgingBucket(daysPastDue: days).rawValue == bucket)
        let report = try AgingReport(invoices: [invoice], asOf: asOf, calendar: Fixture.shanghai)
        #expect(report.totals[AgingBucket(rawValue: bucket)!].description == "100.00")
    }

    @Test("days are counted on Shanghai calendar days: 23:59 on the due date is current, 00:00 the next day is 1 day past due")
    func midnightInShanghai() throws {
        let invoice = Fixture.invoice("inv", amount: "100.00", due: "2025-01-31")
        let lastMinute = Fixture.instant("2025-01-31T15:59:00Z")  // 23:59 on 31 Jan in Shanghai
        let nextDay = Fixture.instant("2025-01-31T16:00:00Z")  // 00:00 on 1 Feb in Shanghai, still 31 Jan in UTC
        #expect(AgingBucket(daysPastDue: invoice.daysPastDue(asOf: lastMinute, calendar: Fixture.shanghai)) == .current)
        #expect(invoice.daysPastDue(asOf: nextDay, calendar: Fixture.shanghai) == 1)
    }

    @Test("the report sums what is outstanding per bucket and per customer, leaving out settled, cancelled and credit notes")
    func report() throws {
        let invoices = [
            Fixture.invoice("a-1", customer: "c-1", amount: "1000.00", outstanding: "400.00", due: "2025-06-30"),  // current
            Fixture.invoice("a-2", customer: "c-1", amount: "250.00", due: "2025-06-20"),  // 10 days
            Fixture.invoice("a-3", customer: "c-1", kind: .freight, amount: "80.50", due: "2025-03-01"),  // 121 days
            Fixture.invoice("b-1", customer: "c-2", amount: "300.00", due: "2025-06-01"),  // 29 days
            Fixture.invoice("b-2", customer: "c-2", amount: "700.00", due: "2025-04-15"),  // 76 days
            Fixture.invoice("b-3", customer: "c-2", amount: "999.00", outstanding: "0.00", due: "2025-01-01"),  // settled
            Fixture.invoice("b-4", customer: "c-2", amount: "50.00", due: "2025-01-01", status: .cancelled),
            Fixture.invoice("b-5", customer: "c-2", kind: .creditNote, amount: "60.00", due: "2025-01-01"),
        ]
        let report = try AgingReport(invoices: invoices, asOf: asOf, calendar: Fixture.shanghai)
        #expect(report.asOf.description == "2025-06-30")
        let totals = AgingBucket.allCases.map { "\($0.rawValue) \(report.totals[$0])" }
        #expect(totals == ["current 400.00", "1-30 550.00", "31-60 0.00", "61-90 700.00", "over_90 80.50"])
        #expect(report.totals.total.description == "1730.50")
        #expect(report.customers.map(\.customerId) == ["c-1", "c-2"])
        #expect(report.amounts(for: "c-1").total.description == "730.50")
        #expect(report.amounts(for: "c-2")[.days1To30].description == "300.00")
        #expect(report.amounts(for: "c-2")[.days61To90].description == "700.00")
        #expect(report.amounts(for: "c-9").total == .zero)
    }

    @Test("in JSON the buckets are keyed by their names, amounts as two-decimal strings")
    func json() throws {
        let report = try AgingReport(
            invoices: [Fixture.invoice("a", amount: "12.30", due: "2025-03-01")], asOf: asOf, calendar: Fixture.shanghai)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(report.totals), as: UTF8.self)
        #expect(text == #"{"buckets":{"1-30":"0.00","31-60":"0.00","61-90":"0.00","current":"0.00","over_90":"12.30"},"total":"12.30"}"#)
    }
}

@Suite("Overdue invoices (DOMAIN.md Credit — an overdue invoice puts the customer on hold until it is paid)")
struct OverdueTests {
    let asOf = Fixture.instant("2025-02-10T04:00:00Z")
    let invoices = [
        Fixture.invoice("due-today", amount: "100.00", due: "2025-02-10"),
        Fixture.invoice("late-1", amount: "100.00", outstanding: "0.01", issued: "2025-01-20", due: "2025-02-09"),
        Fixture.invoice("late-20", customer: "c-2", amount: "300.00", due: "2025-01-21"),
        Fixture.invoice("paid", amount: "100.00", outstanding: "0.00", due: "2025-01-01"),
        Fixture.invoice("withdrawn", customer: "c-3", amount: "100.00", due: "2025-01-01", status: .cancelled),
        Fixture.invoice("credit", customer: "c-3", kind: .creditNote, amount: "100.00", due: "2025-01-01"),
        Fixture.invoice("future", customer: "c-3", amount: "100.00", due: "2025-03-01"),
    ]

    @Test("open, outstanding and past its due date; the longest overdue first")
    func detects() throws {
        let overdue = Invoice.overdue(invoices, asOf: asOf, calendar: Fixture.shanghai)
        #expect(overdue.map(\.id) == ["late-20", "late-1"])
        #expect(overdue.map { $0.daysPastDue(asOf: asOf, calendar: Fixture.shanghai) } == [20, 1])
    }

    @Test("due today is not overdue; settled, cancelled and credit notes never are")
    func notOverdue() throws {
        for id in ["due-today", "paid", "withdrawn", "credit", "future"] {
            let invoice = invoices.first { $0.id == id }!
            #expect(!invoice.isOverdue(asOf: asOf, calendar: Fixture.shanghai), "\(id)")
        }
    }

    @Test("the customers to put on hold")
    func customersOnHold() throws {
        #expect(Invoice.customersOverdue(invoices, asOf: asOf, calendar: Fixture.shanghai) == ["c-1", "c-2"])
    }
}
