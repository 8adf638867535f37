import Foundation
import O2CContracts
import PropertyBased
import Testing

/// Days since 1970 of 2000-01-01 and 2199-12-31, the bounds of a date on input (CONTRACT.md).
private let firstDay = CalendarDate.earliest.daysSinceEpoch
private let lastDay = CalendarDate.latest.daysSinceEpoch
/// Days within the bounds, and as often within a fortnight of either end.
private let boundedDays = Gen.oneOf(
    Gen.int(in: firstDay...lastDay), Gen.int(in: firstDay...(firstDay + 14)), Gen.int(in: (lastDay - 14)...lastDay))
/// Seconds since 1970 of instants within the bounds, and as often on their first or last day.
private let boundedSeconds = Gen.oneOf(
    Gen.int(in: (firstDay * 86_400)...(lastDay * 86_400 + 86_399)), Gen.int(in: (firstDay * 86_400)...(firstDay * 86_400 + 172_800)),
    Gen.int(in: (lastDay * 86_400 - 172_800)...(lastDay * 86_400 + 86_399 - 8 * 3600)))

private let calendar = BusinessCalendar(
    holidays: [CalendarDate("2199-12-30")!, CalendarDate("2000-01-03")!], makeUpWorkingDays: [CalendarDate("2000-01-02")!])

private func rfc3339(_ seconds: Int, offsetMinutes: Int, fraction: String = "") -> String {
    let local = seconds + offsetMinutes * 60
    let day = CalendarDate(daysSinceEpoch: Int((Double(local) / 86_400).rounded(.down)))
    let time = local - day.daysSinceEpoch * 86_400
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let zone = offsetMinutes == 0 ? "Z" : "\(offsetMinutes < 0 ? "-" : "+")\(two(abs(offsetMinutes) / 60)):\(two(abs(offsetMinutes) % 60))"
    return "\(day)T\(two(time / 3600)):\(two(time % 3600 / 60)):\(two(time % 60))\(fraction)\(zone)"
}

@Suite("Calendar rules at their bounds, 2000-01-01 and 2199-12-31 (CONTRACT.md Faults, limits and identity; DOMAIN.md due dates)")
struct CalendarBoundsPropertyTests {
    @Test("every date within the bounds prints and parses back to itself; the days either side are refused")
    func roundTrip() async throws {
        await propertyCheck(count: 500, input: boundedDays) { days in
            let date = CalendarDate(daysSinceEpoch: days)
            #expect(CalendarDate(date.description) == date)
            #expect(date.daysSinceEpoch == days)
            let encoded = try JSONEncoder().encode([date])
            #expect(try JSONDecoder().decode([CalendarDate].self, from: encoded) == [date])
        }
        #expect(CalendarDate("2000-01-01") == .earliest)
        #expect(CalendarDate("2199-12-31") == .latest)
        for refused in ["1999-12-31", "2200-01-01", "9999-12-31", "0001-01-01"] {
            #expect(CalendarDate(refused) == nil, "\(refused)")
            #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data("[\"\(refused)\"]".utf8)) }
        }
    }

    @Test("adding days and counting them back agree, and no count traps")
    func daysArithmetic() async {
        await propertyCheck(count: 500, input: boundedDays, Gen.int(in: -100_000...100_000)) { days, shift in
            let date = CalendarDate(daysSinceEpoch: days)
            let later = date.adding(days: shift)
            #expect(date.days(to: later) == shift)
            #expect(later.adding(days: -shift) == date)
            #expect(CalendarDate(anyYear: later.description) == later)
        }
        await propertyCheck(count: 50, input: boundedDays, Gen.int(in: Int.min...Int.max)) { days, shift in
            _ = CalendarDate(daysSinceEpoch: days).adding(days: shift)  // clamped: does not trap
        }
        #expect(CalendarDate.latest.firstDayOfNextMonth.description == "2200-01-01")
        #expect(CalendarDate("2024-02-10")!.firstDayOfNextMonth == CalendarDate("2024-03-01"))
    }

    @Test("a working-day due date from any instant within the bounds is a working day n working days later")
    func workingDayDueDates() async {
        await propertyCheck(count: 300, input: boundedSeconds, Gen.int(in: 0...15)) { seconds, workingDays in
            let start = Date(timeIntervalSince1970: TimeInterval(seconds))
            let due = calendar.addingWorkingDays(workingDays, to: start)
            #expect(due >= start)
            #expect(calendar.workingDays(from: start, to: due) == workingDays)
            #expect(calendar.isWorkingDay(due))
        }
    }

    @Test("far instants and counts give an answer, never a trap")
    func farInstants() {
        for instant in [Date.distantFuture, Date.distantPast, Date(timeIntervalSince1970: 1e15), Date(timeIntervalSince1970: -1e15)] {
            _ = calendar.day(of: instant)
            _ = calendar.isWorkingDay(instant)
        }
        let start = Date(timeIntervalSince1970: TimeInterval(lastDay * 86_400))
        #expect(calendar.addingWorkingDays(-5, to: start) == calendar.addingWorkingDays(0, to: start))
        #expect(calendar.day(of: calendar.addingWorkingDays(3, to: start)).year == 2200)
    }

    @Test("instants within the bounds parse from RFC 3339 with Z or an offset and with or without fractions")
    func instants() async {
        await propertyCheck(count: 500, input: boundedSeconds, Gen.int(in: -14 * 60...14 * 60)) { seconds, offset in
            let offsetMinutes = offset / 15 * 15
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let text = rfc3339(seconds, offsetMinutes: offsetMinutes)
            let localDay = CalendarDate(anyYear: String(text.prefix(10)))!
            guard CalendarDate.inputRange.contains(localDay) else {
                #expect(Instant.parse(text) == nil, "\(text)")
                return
            }
            #expect(Instant.parse(text) == date, "\(text)")
            let withFraction = rfc3339(seconds, offsetMinutes: offsetMinutes, fraction: ".250")
            #expect(Instant.parse(withFraction) == date.addingTimeInterval(0.25), "\(withFraction)")
        }
    }

    @Test(
        "instants outside the bounds or not RFC 3339 are a DecodingError",
        arguments: [
            "1999-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "9999-12-31T00:00:00Z", "2026-12-01", "2026-12-01T24:00:00Z",
            "2026-12-01T10:00:00", "2026-12-01T10:00:00+8:00", "2026-02-30T10:00:00Z", "2026-12-01T10:00:00.Z", "2026-12-01 10:00:00Z",
            "2026-12-01T10:00:00.1234567890Z", "",
        ])
    func refusedInstants(text: String) {
        #expect(Instant.parse(text) == nil)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = Instant.decodingStrategy
        #expect(throws: DecodingError.self) { try decoder.decode([Date].self, from: Data("[\"\(text)\"]".utf8)) }
    }

    @Test(
        "the instants the suite writes decode",
        arguments: [
            "2026-12-01T08:30:00Z", "2026-12-01T16:30:00+08:00", "2026-12-01T08:30:00.123Z", "2000-01-01T00:00:00Z",
            "2199-12-31T23:59:59-05:00",
        ])
    func acceptedInstants(text: String) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = Instant.decodingStrategy
        let decoded = try decoder.decode([Date].self, from: Data("[\"\(text)\"]".utf8))
        let foundation = try #require(ISO8601DateFormatter.parsing(text))
        #expect(abs(try #require(decoded.first).timeIntervalSince(foundation)) < 0.001)
    }
}

extension ISO8601DateFormatter {
    /// Foundation's reading of the same text, as the oracle.
    static func parsing(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
