/// A day on the calendar with no time and no time zone: `2025-01-31`. Due dates, holidays and aging
/// work on these; which day an instant falls on is the `BusinessCalendar`'s business (its time zone).
///
/// On the wire it is a string `yyyy-mm-dd`. Arithmetic is exact integer arithmetic on the proleptic
/// Gregorian calendar (days since 1970-01-01), so it needs no `Calendar` and no time zone.
package struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    package let year: Int
    package let month: Int
    package let day: Int

    /// A valid date, or nil (month 1...12, day within the month, leap years counted).
    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.length(ofMonth: month, in: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The earliest and the latest date input may name (CONTRACT.md "Faults, limits and identity").
    package static let earliest = CalendarDate(daysSinceEpoch: 10_957)  // 2000-01-01
    package static let latest = CalendarDate(daysSinceEpoch: 84_005)  // 2199-12-31
    package static var inputRange: ClosedRange<CalendarDate> { earliest...latest }

    /// Parses `2025-01-31` (exactly four, two and two digits), between 2000-01-01 and 2199-12-31.
    package init?(_ text: String) {
        guard let date = CalendarDate(anyYear: text), Self.inputRange.contains(date) else { return nil }
        self = date
    }

    /// Parses `yyyy-mm-dd` of any year 1...9999: for dates this service stored, which may be derived
    /// from input (a due date after 2199-12-31). Input goes through `init?(_:)`.
    package init?(anyYear text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date `daysSinceEpoch` days after 1970-01-01 (negative: before it).
    package init(daysSinceEpoch: Int) {
        // Howard Hinnant's civil_from_days: eras of 400 years starting on 1 March.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        self.day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        self.month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The first day of the month after this date's.
    package var firstDayOfNextMonth: CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch - day + 1 + Self.length(ofMonth: month, in: year))
    }

    /// Days since 1970-01-01.
    package var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` calendar days later (earlier when negative). The shift is clamped to ±1,000,000
    /// days (beyond any term or count the rules use), so that no count can overflow.
    package func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + min(max(days, -1_000_000), 1_000_000))
    }

    /// Calendar days from this date to `other`: positive when `other` is later.
    package func days(to other: CalendarDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The day of the week (1970-01-01 was a Thursday).
    package var weekday: Weekday {
        let index = ((daysSinceEpoch + 4) % 7 + 7) % 7  // 0 = Sunday
        return Weekday.allCases[index]
    }

    package var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    package static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func length(ofMonth month: Int, in year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "a date must be a valid yyyy-mm-dd between 2000-01-01 and 2199-12-31, e.g. \"2025-01-31\", got \"\(text)\"")
        }
        self = date
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A day of the week, by its English name on the wire (`"saturday"`); `allCases` starts on Sunday.
package enum Weekday: String, CaseIterable, Codable, Sendable, Hashable {
    case sunday, monday, tuesday, wednesday, thursday, friday, saturday
}
