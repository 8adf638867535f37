import Foundation
import O2CContracts

/// DOMAIN.md "Quotes, bids and contracts": the sales_admin archives a signed contract the same day. It is due
/// by the end of its signing day in the company's time zone; one signed on a day that is not a working day
/// (a weekend, a holiday of the business calendar) is due by the end of the next working day, when the
/// sales_admin is at work.
package enum ContractArchiving {
    package static func dueBy(signedAt: Date, calendar: BusinessCalendar) -> Date {
        var day = calendar.day(of: signedAt)
        if !calendar.isWorkingDay(day) { day = calendar.nextWorkingDay(after: day) }
        return calendar.startOfDay(day.adding(days: 1))
    }
}
