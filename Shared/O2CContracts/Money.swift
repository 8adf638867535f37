/// An amount of CNY, exact to the fen (0.01). Never a floating-point number.
///
/// On the wire (HTTP and events) it is a string with exactly two decimals: `"1200.00"`, `"-35.10"`.
/// An amount is at most ±999,999,999,999.99 (CONTRACT.md "Faults, limits and identity"): parsing and
/// decoding refuse anything beyond, and the arithmetic is checked — a result beyond the bounds (or an
/// overflow on the way) throws `MoneyError`, never traps.
package struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The amount in fen (hundredths of a yuan).
    package private(set) var minorUnits: Int64

    /// The largest amount, 999,999,999,999.99, in fen.
    package static let maximumMinorUnits: Int64 = 99_999_999_999_999
    package static let maximum = Money(minorUnits: maximumMinorUnits)
    package static let minimum = Money(minorUnits: -maximumMinorUnits)
    package static let zero = Money(minorUnits: 0)

    /// An amount in fen as this service stored it or a constant: not checked. Amounts from input come
    /// through `Money(_:)`, decoding or `init(checkedMinorUnits:)`, which are.
    package init(minorUnits: Int64) { self.minorUnits = minorUnits }

    /// An amount in fen, refused beyond ±999,999,999,999.99.
    package init(checkedMinorUnits minorUnits: Int64) throws(MoneyError) {
        guard (-Self.maximumMinorUnits...Self.maximumMinorUnits).contains(minorUnits) else {
            throw MoneyError(operation: "\(minorUnits) fen")
        }
        self.minorUnits = minorUnits
    }

    /// Whether the amount is within ±999,999,999,999.99.
    package var isWithinBounds: Bool { (-Self.maximumMinorUnits...Self.maximumMinorUnits).contains(minorUnits) }

    /// Parses `"1200.00"`: an optional minus, 1 to 12 digits, a point and exactly two digits.
    package init?(_ text: String) {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" { negative = true; digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        // At most 12 whole digits, so the value is at most 999,999,999,999.99 and `whole * 100` cannot overflow.
        guard parts.count == 2, (1...12).contains(parts[0].count), parts[1].count == 2,
            parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
            let whole = Int64(parts[0]), let fraction = Int64(parts[1])
        else { return nil }
        let value = whole * 100 + fraction
        self.minorUnits = negative ? -value : value
    }

    package var description: String {
        let magnitude = minorUnits.magnitude
        let fraction = magnitude % 100
        return "\(minorUnits < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    package static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

    // MARK: Checked arithmetic

    package static func + (lhs: Money, rhs: Money) throws(MoneyError) -> Money {
        let (sum, overflow) = lhs.minorUnits.addingReportingOverflow(rhs.minorUnits)
        return try checked(sum, overflow: overflow, "\(lhs) + \(rhs)")
    }

    package static func - (lhs: Money, rhs: Money) throws(MoneyError) -> Money {
        let (difference, overflow) = lhs.minorUnits.subtractingReportingOverflow(rhs.minorUnits)
        return try checked(difference, overflow: overflow, "\(lhs) - \(rhs)")
    }

    package static func += (lhs: inout Money, rhs: Money) throws(MoneyError) { lhs = try lhs + rhs }
    package static func -= (lhs: inout Money, rhs: Money) throws(MoneyError) { lhs = try lhs - rhs }

    /// The amount with the opposite sign (throws only for an unchecked amount beyond the bounds).
    package static prefix func - (value: Money) throws(MoneyError) -> Money {
        try Money.zero - value
    }

    /// The amount times a whole quantity.
    package func times(_ quantity: Int) throws(MoneyError) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: Int64(truncatingIfNeeded: quantity))
        // `Int` is 64 bits on every platform this runs on, so the conversion keeps the value.
        return try Self.checked(product, overflow: overflow || Int64(truncatingIfNeeded: quantity) != quantity, "\(self) × \(quantity)")
    }

    /// The amount times a ratio given in basis points (1/10,000), rounded half away from zero to the fen.
    /// A product that overflows 64 bits is beyond the bounds whatever the rounding: |result| ≤ maximum
    /// needs |product| ≤ 10,000 × maximum + 5,000 < Int64.max.
    package func times(basisPoints: Int) throws(MoneyError) -> Money {
        let operation = "\(self) × \(basisPoints)/10000"
        let points = Int64(truncatingIfNeeded: basisPoints)
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: points)
        guard !overflow, points == basisPoints else { throw MoneyError(operation: operation) }
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 10_000)
        let roundsAway = remainder.magnitude * 2 >= 10_000
        return try Self.checked(quotient + (roundsAway ? (product < 0 ? -1 : 1) : 0), overflow: false, operation)
    }

    private static func checked(_ minorUnits: Int64, overflow: Bool, _ operation: @autoclosure () -> String) throws(MoneyError) -> Money {
        guard !overflow, (-maximumMinorUnits...maximumMinorUnits).contains(minorUnits) else {
            throw MoneyError(operation: operation())
        }
        return Money(minorUnits: minorUnits)
    }

    // MARK: Codable

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let money = Money(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "an amount must be a string with exactly two decimals and at most 999999999999.99 either side of zero, e.g. \"1200.00\", got \"\(text)\""
            )
        }
        self = money
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Checked money arithmetic went beyond ±999,999,999,999.99 (or would have overflowed on the way).
package struct MoneyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was computed, e.g. `"999999999999.99 × 3"`.
    package var operation: String
    package init(operation: String) { self.operation = operation }
    package var description: String { "\(operation) is beyond the largest amount, 999999999999.99 either side of zero" }
}

extension Sequence {
    /// The sum of the elements' amounts, checked.
    package func sum(_ amount: (Element) throws(MoneyError) -> Money) throws(MoneyError) -> Money {
        var total = Money.zero
        for element in self { try total += amount(element) }
        return total
    }
}

extension Sequence where Element == Money {
    /// The sum of the amounts, checked.
    package func sum() throws(MoneyError) -> Money { try sum { $0 } }
}

extension RuleViolation {
    /// Runs checked arithmetic for `field`: a result beyond the bounds is a `validation_failed`
    /// refusal naming it (HTTP 422; a message with it is parked).
    package static func checking<T>(_ field: String, _ arithmetic: () throws(MoneyError) -> T) throws(RuleViolation) -> T {
        do { return try arithmetic() } catch { throw RuleViolation.validation(field, error.description) }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
