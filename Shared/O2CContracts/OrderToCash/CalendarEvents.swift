import Foundation

/// The business calendar of one year changed (`PUT /v1/calendar/{yyyy}`): its whole lists replace the year's.
public struct CalendarChanged: EventContract, Equatable {
    public static let routingKey = "orders.calendar_changed.v1"
    /// Owned by orders (CONTRACT.md "Changes to an order, payments, rules as data"); every service that counts
    /// working days keeps the lists in its own schema, and a copy older (`changedAt`) than the one it holds
    /// changes nothing.
    public var year: Int
    /// Days off (法定节假日) of the year.
    public var holidays: [CalendarDate]
    /// Saturdays and Sundays worked in exchange for a holiday (调休).
    public var workingWeekends: [CalendarDate]
    public var changedBy: String
    public var changedAt: Date

    public init(year: Int, holidays: [CalendarDate], workingWeekends: [CalendarDate], changedBy: String, changedAt: Date) {
        self.year = year
        self.holidays = holidays
        self.workingWeekends = workingWeekends
        self.changedBy = changedBy
        self.changedAt = changedAt
    }
}
