/// The bounds of a whole quantity (CONTRACT.md "Faults, limits and identity"): 1 to 1,000,000,000
/// unless a field says otherwise (a pick line or a count may be 0, stock on hand may be 0).
package enum Quantity {
    package static let maximum = 1_000_000_000
    /// An ordered, returned or waybill quantity.
    package static let positive: ClosedRange<Int> = 1...maximum
    /// A picked or counted quantity, stock on hand.
    package static let nonNegative: ClosedRange<Int> = 0...maximum

    /// `lhs + rhs` when it stays within `range`, else a refusal naming `field`.
    package static func adding(
        _ lhs: Int, _ rhs: Int, field: String, in range: ClosedRange<Int> = nonNegative
    ) throws(RuleViolation) -> Int {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        guard !overflow, range.contains(sum) else {
            throw RuleViolation.validation(field, "adds up to more than \(range.upperBound)")
        }
        return sum
    }
}

extension KeyedDecodingContainer {
    /// A whole number at `key` within `range`; outside it, a `DecodingError` naming the field (HTTP 422,
    /// a message parked).
    package func decode(_ type: Int.Type, forKey key: Key, in range: ClosedRange<Int>) throws -> Int {
        let value = try decode(Int.self, forKey: key)
        guard range.contains(value) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    /// An optional whole number at `key` within `range`.
    package func decodeIfPresent(_ type: Int.Type, forKey key: Key, in range: ClosedRange<Int>) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decode(Int.self, forKey: key, in: range)
    }
}
