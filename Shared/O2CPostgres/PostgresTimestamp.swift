import Foundation

/// Converts between `Date` and PostgreSQL's ISO text for timestamps, without formatters or locales.
enum PostgresTimestamp {
    /// `2026-11-23T10:00:00.123Z`; microseconds when the value has them.
    static func format(_ date: Date) -> String {
        var micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var fraction = micros % 1_000_000
        if fraction < 0 { fraction += 1_000_000 }
        micros -= fraction
        let seconds = micros / 1_000_000
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        var fractionText = String(fraction)
        fractionText = String(repeating: "0", count: 6 - fractionText.count) + fractionText
        while fractionText.count > 3 && fractionText.hasSuffix("0") { fractionText.removeLast() }
        return
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(fractionText)Z"
    }

    /// Parses `2026-11-23 10:00:00.123456+00` (timestamptz), `…+05:30`, `…Z`, a `T` separator,
    /// a value without offset (timestamp, read as UTC) and a plain date (`2026-11-23`, midnight UTC).
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int64? {
            guard index + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + digits] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ char: Character) -> Bool {
            guard index < bytes.count, bytes[index] == char.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var micros = days(fromYear: year, month: month, day: day) * 86_400_000_000
        if index == bytes.count { return Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
        guard expect(" ") || expect("T"), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2), hour < 24, minute < 60, second < 61
        else { return nil }
        micros += ((hour * 60 + minute) * 60 + second) * 1_000_000
        if expect(".") {
            var scale: Int64 = 100_000
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                micros += Int64(bytes[index] - 48) * scale
                scale /= 10
                index += 1
                digits += 1
            }
            guard digits > 0 else { return nil }
        }
        if index < bytes.count {
            if expect("Z") {
                // UTC
            } else {
                let sign: Int64 = expect("+") ? 1 : (expect("-") ? -1 : 0)
                guard sign != 0, let offsetHours = number(2) else { return nil }
                var offset = offsetHours * 3600
                if expect(":") { guard let m = number(2) else { return nil }; offset += m * 60 }
                if expect(":") { guard let s = number(2) else { return nil }; offset += s }
                micros -= sign * offset * 1_000_000
            }
        }
        guard index == bytes.count else { return nil }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    private static func days(fromYear y: Int64, month m: Int64, day d: Int64) -> Int64 {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of `days(fromYear:month:day:)`.
    private static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}
