import Foundation
import O2CContracts
import Testing

@testable import FinanceCollections

/// A due date on a holiday of the business calendar orders declared (CONTRACT.md "Changes to an order,
/// payments, rules as data") falls due on the next working day; a plain weekend keeps DOMAIN.md "Credit"'s
/// calendar-day terms.
@Suite("Due dates past the business calendar's holidays (DOMAIN.md Credit; CONTRACT.md rules as data)")
struct HolidayDueDateTests {
    /// 2027-10-01 (Friday) to 2027-10-07 off, 2027-10-09 (Saturday) worked.
    let national = BusinessCalendar(
        holidays: Set((1...7).compactMap { CalendarDate(year: 2027, month: 10, day: $0) }),
        makeUpWorkingDays: [CalendarDate("2027-10-09")!])

    @Test(
        "a holiday moves the due day to the next working day, a worked Saturday included; other days stay",
        arguments: [
            ("2027-10-01", "2027-10-08"), ("2027-10-07", "2027-10-08"), ("2027-09-30", "2027-09-30"),
            ("2027-10-10", "2027-10-10"),  // a plain Sunday keeps its date
        ])
    func dueDay(day: String, expected: String) {
        #expect(national.dueDay(CalendarDate(day)!).description == expected)
    }

    @Test("grade B signed for on a holiday: due the next working day; grade C 14 days later on a holiday, likewise")
    func balanceDue() {
        let onHoliday = national.startOfDay(CalendarDate("2027-10-02")!).addingTimeInterval(3_600)
        #expect(
            BalanceDue.of(grade: .b, dispatchedAt: nil, deliveredAt: onHoliday, calendar: national).dueDate?.description == "2027-10-08")
        let beforeHoliday = national.startOfDay(CalendarDate("2027-09-20")!).addingTimeInterval(3_600)
        #expect(
            BalanceDue.of(grade: .c, dispatchedAt: nil, deliveredAt: beforeHoliday, calendar: national).dueDate?.description == "2027-10-08"
        )
        #expect(
            BalanceDue.of(grade: .c, dispatchedAt: nil, deliveredAt: beforeHoliday, calendar: Fixture.shanghai).dueDate?.description
                == "2027-10-04")
    }

    @Test("a deposit window ending on a holiday ends on the next working day")
    func depositDue() {
        let issued = national.startOfDay(CalendarDate("2027-09-27")!).addingTimeInterval(3_600)
        #expect(DepositDue.date(issuedAt: issued, calendar: national).description == "2027-10-08")
        #expect(DepositDue.date(issuedAt: issued, calendar: Fixture.shanghai).description == "2027-10-04")
    }
}
