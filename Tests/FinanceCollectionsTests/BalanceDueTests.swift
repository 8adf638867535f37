import Foundation
import O2CContracts
import Testing

@testable import FinanceCollections

@Suite("Balance due date by credit grade (DOMAIN.md Credit — A on dispatch, B on delivery, C 14 days after delivery)")
struct BalanceDueTests {
    private func due(_ grade: CreditGrade, dispatched: String?, delivered: String?) -> BalanceDue {
        BalanceDue.of(
            grade: grade, dispatchedAt: dispatched.map(Fixture.instant), deliveredAt: delivered.map(Fixture.instant),
            calendar: Fixture.shanghai)
    }

    @Test(
        "the due day per grade, read in Shanghai",
        arguments: [
            // A: the dispatch day (货物始发,货款马上到账结清).
            (CreditGrade.a, "2025-01-31T03:00:00Z", nil as String?, "2025-01-31"),
            // A: dispatched 01:00 on 1 Feb in Shanghai, still 31 Jan in UTC: due 1 Feb.
            (.a, "2025-01-31T17:00:00Z", nil, "2025-02-01"),
            // B: the delivery day (货物发至,货款马上到账结清).
            (.b, "2025-01-30T03:00:00Z", "2025-02-03T06:00:00Z", "2025-02-03"),
            // C: delivery + 14 calendar days (两周后), across a month end, a leap February and a year end.
            (.c, "2025-01-20T03:00:00Z", "2025-01-25T06:00:00Z", "2025-02-08"),
            (.c, "2024-02-18T03:00:00Z", "2024-02-20T06:00:00Z", "2024-03-05"),
            (.c, "2024-12-20T03:00:00Z", "2024-12-25T06:00:00Z", "2025-01-08"),
        ])
    func dueDay(grade: CreditGrade, dispatched: String, delivered: String?, expected: String) {
        #expect(due(grade, dispatched: dispatched, delivered: delivered).dueDate?.description == expected)
    }

    @Test("until the goods leave (A) or are signed for (B, C) the due date is not yet determinable")
    func notYetDeterminable() {
        #expect(due(.a, dispatched: nil, delivered: nil) == .notYetDeterminable(awaiting: .dispatch))
        #expect(due(.b, dispatched: "2025-01-30T03:00:00Z", delivered: nil) == .notYetDeterminable(awaiting: .delivery))
        #expect(due(.c, dispatched: "2025-01-30T03:00:00Z", delivered: nil) == .notYetDeterminable(awaiting: .delivery))
        #expect(due(.c, dispatched: nil, delivered: nil).dueDate == nil)
    }
}
