/// An amount of CNY, exact to the fen (0.01). Never a floating-point number.
///
/// On the wire (HTTP and events) it is a string with exactly two decimals: `"1200.00"`, `"-35.10"`.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The amount in fen (hundredths of a yuan).
    public var minorUnits: Int64

    public init(minorUnits: Int64) { self.minorUnits = minorUnits }
    public static let zero = Money(minorUnits: 0)

    /// Parses `"1200.00"`: an optional minus, digits, a point and exactly two digits.
    public init?(_ text: String) {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" { negative = true; digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].count == 2,
              parts[0].count <= 15,
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
              let whole = Int64(parts[0]), let fraction = Int64(parts[1])
        else { return nil }
        let value = whole * 100 + fraction
        self.minorUnits = negative ? -value : value
    }

    public var description: String {
        let magnitude = minorUnits.magnitude
        let fraction = magnitude % 100
        return "\(minorUnits < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(minorUnits: lhs.minorUnits + rhs.minorUnits) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(minorUnits: lhs.minorUnits - rhs.minorUnits) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.minorUnits += rhs.minorUnits }
    public static func -= (lhs: inout Money, rhs: Money) { lhs.minorUnits -= rhs.minorUnits }
    public static prefix func - (value: Money) -> Money { Money(minorUnits: -value.minorUnits) }

    /// The amount times a whole quantity.
    public func times(_ quantity: Int) -> Money { Money(minorUnits: minorUnits * Int64(quantity)) }

    /// The amount times a ratio given in basis points (1/10,000), rounded half away from zero to the fen.
    public func times(basisPoints: Int) -> Money {
        let product = minorUnits * Int64(basisPoints)
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 10_000)
        let roundsAway = remainder.magnitude * 2 >= 10_000
        return Money(minorUnits: quotient + (roundsAway ? (product < 0 ? -1 : 1) : 0))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let money = Money(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "amount must be a string with exactly two decimals, e.g. \"1200.00\", got \"\(text)\"")
        }
        self = money
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
