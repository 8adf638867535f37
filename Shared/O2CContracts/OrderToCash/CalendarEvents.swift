import Foundation

/// The business calendar of one year changed (`PUT /v1/calendar/{yyyy}`): its whole lists replace the year's.
package struct CalendarChanged: EventContract, Equatable {
    package static let routingKey = "orders.calendar_changed.v1"
    /// Owned by orders (CONTRACT.md "Changes to an order, payments, rules as data"); every service that counts
    /// working days keeps the lists in its own schema, and a copy older (`changedAt`) than the one it holds
    /// changes nothing.
    package var year: Int
    /// Days off (法定节假日) of the year.
    package var holidays: [CalendarDate]
    /// Saturdays and Sundays worked in exchange for a holiday (调休).
    package var workingWeekends: [CalendarDate]
    package var changedBy: String
    package var changedAt: Date

    package init(year: Int, holidays: [CalendarDate], workingWeekends: [CalendarDate], changedBy: String, changedAt: Date) {
        self.year = year
        self.holidays = holidays
        self.workingWeekends = workingWeekends
        self.changedBy = changedBy
        self.changedAt = changedAt
    }
}
