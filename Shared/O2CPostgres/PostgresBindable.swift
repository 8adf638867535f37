import Foundation

/// A value that can be sent as a statement parameter, in PostgreSQL's text format.
/// `nil` is SQL NULL. The server casts the text to the parameter's inferred type.
package protocol PostgresBindable: Sendable {
    var postgresText: String? { get }
}

extension String: PostgresBindable {
    package var postgresText: String? { self }
}

extension Int: PostgresBindable {
    package var postgresText: String? { String(self) }
}

extension Int64: PostgresBindable {
    package var postgresText: String? { String(self) }
}

extension Int32: PostgresBindable {
    package var postgresText: String? { String(self) }
}

extension Double: PostgresBindable {
    /// `Infinity`/`NaN` spelled the way PostgreSQL reads them.
    package var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }
}

extension Decimal: PostgresBindable {
    package var postgresText: String? { description }
}

extension Bool: PostgresBindable {
    package var postgresText: String? { self ? "t" : "f" }
}

extension UUID: PostgresBindable {
    package var postgresText: String? { uuidString.lowercased() }
}

extension Date: PostgresBindable {
    /// ISO-8601 in UTC with microsecond precision, trailing zeros trimmed to milliseconds:
    /// `2026-11-23T10:00:00.123Z`, `2026-11-23T10:00:00.123456Z`.
    package var postgresText: String? { PostgresTimestamp.format(self) }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    package var postgresText: String? {
        switch self {
        case .none: nil
        case .some(let value): value.postgresText
        }
    }
}

/// Element types that arrays can be bound from. `[String]`, `[Int]`, `[Int64]`, `[UUID]` (and arrays of
/// their optionals) become array literals such as `{"a","b \"c\"",NULL}`; `[UInt8]` becomes `bytea` hex
/// (`\x0aff`), because one generic type can conform to a protocol only once.
package protocol PostgresArrayElement: Sendable {
    /// The element's text inside an array literal, unquoted; `nil` is NULL.
    var postgresArrayElementText: String? { get }
    /// The text for a whole array of these elements.
    static func postgresText(forArray elements: [Self]) -> String
}

extension PostgresArrayElement {
    package static func postgresText(forArray elements: [Self]) -> String {
        let items = elements.map { element -> String in
            guard let text = element.postgresArrayElementText else { return "NULL" }
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return "{" + items.joined(separator: ",") + "}"
    }
}

extension Array: PostgresBindable where Element: PostgresArrayElement {
    package var postgresText: String? { Element.postgresText(forArray: self) }
}

extension String: PostgresArrayElement {
    package var postgresArrayElementText: String? { self }
}

extension Int: PostgresArrayElement {
    package var postgresArrayElementText: String? { String(self) }
}

extension Int64: PostgresArrayElement {
    package var postgresArrayElementText: String? { String(self) }
}

extension UUID: PostgresArrayElement {
    package var postgresArrayElementText: String? { uuidString.lowercased() }
}

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    package var postgresArrayElementText: String? { self?.postgresArrayElementText }
}

extension UInt8: PostgresArrayElement {
    package var postgresArrayElementText: String? { String(self) }

    /// `bytea` hex format: `\x` followed by two lowercase hex digits per byte.
    package static func postgresText(forArray elements: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        out.reserveCapacity(2 + elements.count * 2)
        for byte in elements {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
