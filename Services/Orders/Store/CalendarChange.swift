import Foundation
import O2CRuntime

/// One change of a year of the business calendar, as `GET /v1/calendar/{year}/history` shows it.
struct CalendarChange: Encodable {
    var year: Int
    var changedBy: String
    var changedRole: String
    var changedAt: Date
    var before: CalendarYears.Year
    var after: CalendarYears.Year
}
