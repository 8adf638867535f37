import Foundation
import O2CContracts
import Testing

@testable import FinanceCollections

@Suite("Deposit due date (CONTRACT.md Changes to an order: due at the end of the unpaid-deposit window)")
struct DepositDueTests {
    @Test(
        "the issue day in Shanghai plus 7 calendar days, across a month end, a leap February and a year end",
        arguments: [
            ("2025-03-03T02:00:00Z", "2025-03-10"),
            // 01:00 on 1 Feb in Shanghai is still 31 Jan in UTC: the window counts from 1 Feb.
            ("2025-01-31T17:00:00Z", "2025-02-08"),
            ("2024-02-25T03:00:00Z", "2024-03-03"),
            ("2024-12-28T03:00:00Z", "2025-01-04"),
        ])
    func dueAtWindowEnd(issuedAt: String, expected: String) {
        #expect(DepositDue.date(issuedAt: Fixture.instant(issuedAt), calendar: Fixture.shanghai).description == expected)
    }

    @Test("the window is the saga's: the same days as its deposit_unpaid deadline")
    func sameWindowAsTheSaga() {
        #expect(DepositWindow.defaultDays == 7)
        let issued = Fixture.instant("2025-03-03T02:00:00Z")
        #expect(DepositDue.date(issuedAt: issued, calendar: Fixture.shanghai, windowDays: 10).description == "2025-03-13")
        #expect(DepositDue.date(issuedAt: issued, calendar: Fixture.shanghai, windowDays: 0).description == "2025-03-03")
    }

    @Test("not overdue on any day of the window; overdue from the day after it")
    func overdueOnlyAfterTheWindow() {
        let issued = Fixture.instant("2025-03-03T02:00:00Z")
        let invoice = Invoice(
            id: "inv-1", customerId: "c-1", orderId: "o-1", kind: .deposit, amount: Money("3600.00")!, issuedAt: issued,
            dueDate: DepositDue.date(issuedAt: issued, calendar: Fixture.shanghai))
        for day in 0...7 {
            #expect(!invoice.isOverdue(asOf: issued.addingTimeInterval(Double(day) * 86_400), calendar: Fixture.shanghai), "day \(day)")
        }
        #expect(invoice.isOverdue(asOf: issued.addingTimeInterval(8 * 86_400), calendar: Fixture.shanghai))
    }
}
