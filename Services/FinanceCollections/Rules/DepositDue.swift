import Foundation
import O2CContracts

/// When a deposit invoice falls due (CONTRACT.md "Changes to an order, payments, rules as data"): at the end
/// of the unpaid-deposit window, the calendar day it was issued (in the business calendar's time zone)
/// plus the window's days (the order's `unpaidDepositDays`, default `DepositWindow.defaultDays`, 7; a holiday
/// moves it to the next working day, `BusinessCalendar.dueDay`). It is overdue from the day after, by when the
/// saga's `deposit_unpaid` deadline (the same days from the credit reservation that asked for it) has
/// cancelled an order whose deposit is still unpaid.
package enum DepositDue {
    package static func date(issuedAt: Date, calendar: BusinessCalendar, windowDays: Int = DepositWindow.defaultDays) -> CalendarDate {
        calendar.dueDay(calendar.day(of: issuedAt).adding(days: max(windowDays, 0)))
    }
}
