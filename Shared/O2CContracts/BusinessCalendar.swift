import Foundation

/// Working days for the saga's deadlines ("goods leave within 2 working days of the deposit arriving",
/// "the waybill reaches finance within 1 working day of dispatch", DOMAIN.md "The order-to-cash flow").
///
/// Timestamps are UTC instants; which day an instant falls on is read in `timeZone` (default
/// Asia/Shanghai: the company works on Chinese calendar days). A day is a working day unless it is a
/// holiday or a weekend day; a make-up working day (调休, a Saturday or Sunday worked in exchange for a
/// holiday) is a working day although it falls on a weekend. A date listed both as a holiday and as a
/// make-up day is a holiday. Holidays and make-up days are data (configurable), not code.
///
/// In JSON: `{"timeZone": "Asia/Shanghai", "weekendDays": ["saturday", "sunday"], "holidays":
/// ["2024-10-01"], "makeUpWorkingDays": ["2024-10-12"]}`; a missing key takes its default.
package struct BusinessCalendar: Hashable, Sendable, Codable {
    package var weekendDays: Set<Weekday>
    package var holidays: Set<CalendarDate>
    package var makeUpWorkingDays: Set<CalendarDate>
    package var timeZone: TimeZone

    /// A constant identifier in every tz database (falls back to a fixed +08:00, which is the same zone).
    package static let defaultTimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    package init(
        weekendDays: Set<Weekday> = [.saturday, .sunday], holidays: Set<CalendarDate> = [],
        makeUpWorkingDays: Set<CalendarDate> = [], timeZone: TimeZone = BusinessCalendar.defaultTimeZone
    ) {
        self.weekendDays = weekendDays
        self.holidays = holidays
        self.makeUpWorkingDays = makeUpWorkingDays
        self.timeZone = timeZone
    }

    // MARK: Days

    package func isWorkingDay(_ day: CalendarDate) -> Bool {
        if holidays.contains(day) { return false }
        if makeUpWorkingDays.contains(day) { return true }
        return !weekendDays.contains(day.weekday)
    }

    /// Whether the instant falls on a working day in the calendar's time zone.
    package func isWorkingDay(_ instant: Date) -> Bool { isWorkingDay(day(of: instant)) }

    /// The calendar day the instant falls on in the calendar's time zone. Any instant gives a day (one
    /// beyond ±1,000,000,000 days of 1970 gives the day at that clamp): nothing here can trap.
    package func day(of instant: Date) -> CalendarDate {
        let local = instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
        let days = (local / 86_400).rounded(.down)
        return CalendarDate(daysSinceEpoch: days.isNaN ? 0 : Int(min(max(days, -1e9), 1e9)))
    }

    /// The first instant of the day (local midnight) in the calendar's time zone.
    package func startOfDay(_ day: CalendarDate) -> Date {
        // `date(from:)` is nil only for components no Gregorian calendar has; then noon by today's offset.
        let noon =
            gregorian.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))
            ?? Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400 + 12 * 3600 - Double(timeZone.secondsFromGMT()))
        return gregorian.startOfDay(for: noon)
    }

    /// The first working day strictly after `day`.
    package func nextWorkingDay(after day: CalendarDate) -> CalendarDate {
        var candidate = day.adding(days: 1)
        // Ten years with no working day means a calendar with every day off (decoding refuses seven
        // weekend days; only a holiday list of ten years could do it): the search stops there.
        while !isWorkingDay(candidate), day.days(to: candidate) < 3_660 {
            candidate = candidate.adding(days: 1)
        }
        return candidate
    }

    // MARK: Deadlines

    /// The deadline `workingDays` working days after `instant`.
    ///
    /// Convention: started on a working day, the result is the same local time of day on the n-th
    /// following working day (Monday 10:00 + 2 → Wednesday 10:00; Friday 10:00 + 1 → Monday 10:00).
    /// Started on a non-working day (weekend, holiday), the count starts at local midnight of the next
    /// working day, so the result is local midnight of the n-th working day after that one: a deposit
    /// arriving on Sunday has all of Monday and Tuesday for "2 working days", due Wednesday 00:00.
    /// `workingDays` 0 gives `instant` itself on a working day, else the next working day's start.
    /// Time of day is kept as wall-clock hour, minute, second (and fraction) in the calendar's zone.
    /// A negative count counts as 0; the counts come from the sagas' settings (a few days).
    package func addingWorkingDays(_ workingDays: Int, to instant: Date) -> Date {
        var day = day(of: instant)
        var clock = instant
        if !isWorkingDay(day) {
            day = nextWorkingDay(after: day)
            clock = startOfDay(day)
        }
        for _ in 0..<max(0, workingDays) { day = nextWorkingDay(after: day) }
        return time(of: clock, on: day)
    }

    /// The working days d with day(from) ≤ d < day(to), i.e. counting the start's day but not the
    /// end's; negative when `to` is before `from`. For any `n`,
    /// `workingDays(from: t, to: addingWorkingDays(n, to: t)) == n`.
    package func workingDays(from: Date, to: Date) -> Int {
        workingDays(from: day(of: from), to: day(of: to))
    }

    /// The working days d with from ≤ d < to; negative when `to` is before `from`.
    package func workingDays(from: CalendarDate, to: CalendarDate) -> Int {
        if to < from { return -workingDays(from: to, to: from) }
        return (0..<from.days(to: to)).count { isWorkingDay(from.adding(days: $0)) }
    }

    // MARK: Private

    private var gregorian: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The instant on `day` with the same local wall-clock time as `clock`.
    private func time(of clock: Date, on day: CalendarDate) -> Date {
        let sinceMidnight = clock.timeIntervalSince(startOfDay(self.day(of: clock)))
        var parts = gregorian.dateComponents([.hour, .minute, .second, .nanosecond], from: clock)
        (parts.year, parts.month, parts.day) = (day.year, day.month, day.day)
        // `date(from:)` is nil only for components no Gregorian calendar has; then the same time since
        // local midnight.
        return gregorian.date(from: parts) ?? startOfDay(day).addingTimeInterval(sinceMidnight)
    }

    private enum CodingKeys: String, CodingKey { case weekendDays, holidays, makeUpWorkingDays, timeZone }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var zone = Self.defaultTimeZone
        if let identifier = try container.decodeIfPresent(String.self, forKey: .timeZone) {
            guard let named = TimeZone(identifier: identifier) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .timeZone, in: container, debugDescription: "unknown time zone \"\(identifier)\"")
            }
            zone = named
        }
        let weekendDays = try container.decodeIfPresent(Set<Weekday>.self, forKey: .weekendDays) ?? [.saturday, .sunday]
        guard weekendDays.count < Weekday.allCases.count else {
            throw DecodingError.dataCorruptedError(forKey: .weekendDays, in: container, debugDescription: "a week needs a working day")
        }
        self.init(
            weekendDays: weekendDays,
            holidays: try container.decodeIfPresent(Set<CalendarDate>.self, forKey: .holidays) ?? [],
            makeUpWorkingDays: try container.decodeIfPresent(Set<CalendarDate>.self, forKey: .makeUpWorkingDays) ?? [],
            timeZone: zone)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(weekendDays.sorted { $0.index < $1.index }, forKey: .weekendDays)
        try container.encode(holidays.sorted(), forKey: .holidays)
        try container.encode(makeUpWorkingDays.sorted(), forKey: .makeUpWorkingDays)
        try container.encode(timeZone.identifier, forKey: .timeZone)
    }
}

extension Weekday {
    fileprivate var index: Int { Weekday.allCases.firstIndex(of: self) ?? 0 }  // every case is in allCases
}
