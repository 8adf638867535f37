import O2CContracts
import Testing

@testable import FinanceCollections

@Suite(
    "Dunning levels follow days overdue (DOMAIN.md Invoices, receipts and the customer's account: overdue invoices go through dunning levels)"
)
struct DunningLevelTests {
    @Test(
        "not overdue has no level; 1–30 is 1, 31–60 is 2, 61 and more is 3",
        arguments: [
            (-5, nil), (0, nil), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (400, 3),
        ] as [(Int, Int?)])
    func levels(days: Int, level: Int?) {
        #expect(DunningLevel(daysOverdue: days)?.rawValue == level)
    }

    @Test("an invoice due 2025-01-31 is at level 2 on 2025-03-05 (33 days) by the Shanghai calendar")
    func fromInvoice() {
        let invoice = Fixture.invoice("bal", amount: "100.00", due: "2025-01-31")
        let days = invoice.daysPastDue(asOf: Fixture.instant("2025-03-04T17:00:00Z"), calendar: Fixture.shanghai)
        #expect(days == 33)
        #expect(DunningLevel(daysOverdue: days) == .demand)
    }
}
