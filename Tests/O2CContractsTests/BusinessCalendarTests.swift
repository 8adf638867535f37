import Foundation
import O2CContracts
import Testing

/// 2024 as the State Council published it: Mid-Autumn 15–17 Sep (made up on Saturday 14 Sep), National Day
/// 1–7 Oct (made up on Sunday 29 Sep and Saturday 12 Oct).
private let china2024 = BusinessCalendar(
    holidays: Set(
        [
            "2024-09-15", "2024-09-16", "2024-09-17", "2024-10-01", "2024-10-02", "2024-10-03",
            "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07",
        ].map { CalendarDate($0)! }),
    makeUpWorkingDays: Set(["2024-09-14", "2024-09-29", "2024-10-12"].map { CalendarDate($0)! }))

private func instant(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }
private func iso(_ date: Date) -> String { date.formatted(.iso8601) }

@Suite("Calendar days are exact (DOMAIN.md Invoices, receipts and the customer's account — due dates and aging)")
struct CalendarDateTests {
    @Test(
        "dates parse only as valid yyyy-mm-dd",
        arguments: [
            ("2024-02-29", true), ("2023-02-29", false), ("2025-04-31", false), ("2025-13-01", false),
            ("2024-2-01", false), ("2025-01-31", true), ("2025/01/31", false), ("", false),
        ])
    func parses(text: String, valid: Bool) {
        #expect((CalendarDate(text)?.description == text) == valid)
    }

    @Test(
        "adding days crosses month, leap-day and year ends",
        arguments: [
            ("2025-01-31", 14, "2025-02-14"), ("2024-02-20", 14, "2024-03-05"), ("2025-02-20", 14, "2025-03-06"),
            ("2024-12-25", 14, "2025-01-08"), ("2025-03-01", -1, "2025-02-28"), ("2000-01-01", 0, "2000-01-01"),
            ("2199-12-31", 1, "2200-01-01"),
        ])
    func addsDays(start: String, days: Int, expected: String) {
        let date = CalendarDate(start)!
        #expect(date.adding(days: days).description == expected)
        #expect(date.days(to: CalendarDate(anyYear: expected)!) == days)
    }

    @Test(
        "weekdays",
        arguments: [
            ("1970-01-01", Weekday.thursday), ("2024-09-27", .friday), ("2024-09-28", .saturday),
            ("2024-09-29", .sunday), ("2000-02-29", .tuesday), ("1969-12-31", .wednesday),
        ])
    func weekday(text: String, weekday: Weekday) {
        #expect(CalendarDate(anyYear: text)!.weekday == weekday)
    }

    @Test("JSON carries dates as yyyy-mm-dd strings")
    func json() throws {
        let data = try JSONEncoder().encode(["dueDate": CalendarDate("2025-02-14")!])
        #expect(String(decoding: data, as: UTF8.self) == #"{"dueDate":"2025-02-14"}"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: CalendarDate].self, from: Data(#"{"d":"2025-02-30"}"#.utf8))
        }
    }
}

@Suite("Working days for saga deadlines (DOMAIN.md The order-to-cash flow — 到账后2个工作日内发出, waybill within 1 working day)")
struct BusinessCalendarTests {
    @Test(
        "weekends and holidays are off, make-up days (调休) are worked",
        arguments: [
            ("2024-09-27", true), ("2024-09-21", false), ("2024-09-22", false), ("2024-10-01", false),
            ("2024-10-07", false), ("2024-09-29", true), ("2024-10-12", true), ("2024-09-14", true), ("2024-10-08", true),
        ])
    func workingDay(text: String, working: Bool) {
        #expect(china2024.isWorkingDay(CalendarDate(text)!) == working)
    }

    @Test(
        "n working days later: same time of day, skipping weekends and holidays, counting make-up days",
        arguments: [
            // Monday 10:00 Shanghai + 2 → Wednesday 10:00.
            ("2024-09-23T02:00:00Z", 2, "2024-09-25T02:00:00Z"),
            // Friday 10:00 + 1 → Monday 10:00, across an ordinary weekend.
            ("2024-09-20T02:00:00Z", 1, "2024-09-23T02:00:00Z"),
            // Friday 13 Sep + 1 → the make-up Saturday 14 Sep; + 2 → Wednesday 18 Sep, after Mid-Autumn.
            ("2024-09-13T02:00:00Z", 1, "2024-09-14T02:00:00Z"),
            ("2024-09-13T02:00:00Z", 2, "2024-09-18T02:00:00Z"),
            // Monday 30 Sep + 2 → across the National Day holiday to Wednesday 9 Oct.
            ("2024-09-30T02:00:00Z", 2, "2024-10-09T02:00:00Z"),
            // Friday 11 Oct + 2 → the make-up Saturday 12 Oct, then Monday 14 Oct.
            ("2024-10-11T02:00:00Z", 2, "2024-10-14T02:00:00Z"),
            // Deposit on Sunday 22 Sep 15:00: Monday and Tuesday are the 2 days, due Wednesday 00:00 Shanghai.
            ("2024-09-22T07:00:00Z", 2, "2024-09-24T16:00:00Z"),
            // Saturday 28 Sep: the count starts with the make-up Sunday 29 Sep, 1 day → Monday 30 Sep 00:00.
            ("2024-09-28T01:00:00Z", 1, "2024-09-29T16:00:00Z"),
            // 0 days: the instant itself on a working day, the next working day's start otherwise.
            ("2024-09-23T02:00:00Z", 0, "2024-09-23T02:00:00Z"),
            ("2024-10-03T02:00:00Z", 0, "2024-10-07T16:00:00Z"),
        ])
    func addsWorkingDays(start: String, days: Int, expected: String) throws {
        let from = try instant(start)
        let deadline = china2024.addingWorkingDays(days, to: from)
        #expect(iso(deadline) == expected)
        #expect(china2024.workingDays(from: from, to: deadline) == days, "counting back gives the same number")
    }

    @Test("Friday 23:30 in Shanghai (15:30 UTC) is still Friday: the next working day is Monday 23:30 Shanghai")
    func fridayLateEvening() throws {
        let friday = try instant("2024-09-20T15:30:00Z")
        let shanghai = BusinessCalendar()
        #expect(shanghai.day(of: friday).description == "2024-09-20")
        #expect(shanghai.isWorkingDay(friday))
        #expect(iso(shanghai.addingWorkingDays(1, to: friday)) == "2024-09-23T15:30:00Z")
    }

    @Test("Friday 16:30 UTC is Saturday 00:30 in Shanghai: a weekend there, so the count starts on Monday")
    func saturdayInShanghaiFridayInUTC() throws {
        let moment = try instant("2024-09-20T16:30:00Z")
        let shanghai = BusinessCalendar()
        let utc = BusinessCalendar(timeZone: TimeZone(identifier: "UTC")!)
        #expect(shanghai.day(of: moment).description == "2024-09-21")
        #expect(utc.day(of: moment).description == "2024-09-20")
        #expect(!shanghai.isWorkingDay(moment))
        #expect(utc.isWorkingDay(moment))
        #expect(iso(shanghai.addingWorkingDays(1, to: moment)) == "2024-09-23T16:00:00Z", "Tuesday 00:00 Shanghai")
        #expect(iso(utc.addingWorkingDays(1, to: moment)) == "2024-09-23T16:30:00Z", "Monday 16:30 UTC")
    }

    @Test(
        "working days between two instants count the start's day, not the end's",
        arguments: [
            ("2024-09-23T02:00:00Z", "2024-09-25T09:00:00Z", 2),  // Mon → Wed
            ("2024-09-20T02:00:00Z", "2024-09-23T02:00:00Z", 1),  // Fri → Mon
            ("2024-09-30T02:00:00Z", "2024-10-08T02:00:00Z", 1),  // Mon 30 Sep → Tue 8 Oct: only 30 Sep
            ("2024-09-22T02:00:00Z", "2024-09-23T02:00:00Z", 0),  // Sun → Mon
            ("2024-09-25T02:00:00Z", "2024-09-23T02:00:00Z", -2),  // backwards
            ("2024-09-23T02:00:00Z", "2024-09-23T09:00:00Z", 0),  // same day
        ])
    func workingDaysBetween(from: String, to: String, expected: Int) throws {
        #expect(china2024.workingDays(from: try instant(from), to: try instant(to)) == expected)
    }

    @Test("a date both a holiday and a make-up day is a holiday")
    func holidayWins() {
        let sunday = CalendarDate("2024-09-29")!
        #expect(!BusinessCalendar(holidays: [sunday], makeUpWorkingDays: [sunday]).isWorkingDay(sunday))
    }

    @Test("configurable as JSON; missing keys take the defaults; an unknown zone is refused")
    func json() throws {
        let data = try JSONEncoder().encode(china2024)
        #expect(try JSONDecoder().decode(BusinessCalendar.self, from: data) == china2024)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""timeZone":"Asia\/Shanghai""#) || text.contains(#""timeZone":"Asia/Shanghai""#))
        #expect(text.contains(#""weekendDays":["sunday","saturday"]"#))
        #expect(try JSONDecoder().decode(BusinessCalendar.self, from: Data("{}".utf8)) == BusinessCalendar())
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(BusinessCalendar.self, from: Data(#"{"timeZone":"Mars/Olympus"}"#.utf8))
        }
    }
}
