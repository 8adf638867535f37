import Foundation
import O2CContracts

/// How forms print values: money exactly as `Money` writes it (two decimals, thousands grouped), instants and
/// days in the company's time zone (the business calendar's).
package enum FormFormat {
    /// 1234567.80 → "1,234,567.80"; negative amounts keep their minus.
    package static func money(_ amount: Money) -> String {
        let text = amount.description
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        guard let whole = parts.first else { return text }
        var grouped = ""
        for (index, character) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (negative ? "-" : "") + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// "¥1,234,567.80", "-¥4,800.00".
    package static func yuan(_ amount: Money) -> String {
        let text = money(amount)
        return text.hasPrefix("-") ? "-¥" + text.dropFirst() : "¥" + text
    }

    /// The instant as "2026-12-02 09:30" in `timeZone`.
    package static func dateTime(_ instant: Date, in timeZone: TimeZone = BusinessCalendar.defaultTimeZone) -> String {
        let parts = components(instant, timeZone)
        return "\(date(of: parts)) \(pad(parts.hour ?? 0)):\(pad(parts.minute ?? 0))"
    }

    /// The day the instant falls on in `timeZone`: "2026-12-02".
    package static func day(_ instant: Date, in timeZone: TimeZone = BusinessCalendar.defaultTimeZone) -> String {
        date(of: components(instant, timeZone))
    }

    private static func components(_ instant: Date, _ timeZone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
    }

    private static func date(of parts: DateComponents) -> String {
        "\(parts.year ?? 0)-\(pad(parts.month ?? 0))-\(pad(parts.day ?? 0))"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
