/// A contract's cancellation term on the wire (CONTRACT.md "Changes to an order": `cancellationPenaltyPercent`,
/// default 0): a percent of the order total as a string, 0 to 100 with at most two decimals ("10", "12.5",
/// "10.00"), stored and sent to finance in basis points (1000 = 10%), as the deposit ratio is.
package struct PenaltyPercent: Equatable, Sendable, Codable, CustomStringConvertible {
    package static let zero = PenaltyPercent(uncheckedBasisPoints: 0)
    package let basisPoints: Int

    /// As stored (checked by the column's constraint); not validated.
    package init(uncheckedBasisPoints basisPoints: Int) { self.basisPoints = basisPoints }

    /// "10" → 1000, "12.5" → 1250, "0.01" → 1, "100.00" → 10000; nil for anything else (more than two
    /// decimals, leading zeros, signs, exponents, "%", above 100).
    package init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (1...3).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            parts[0].count == 1 || parts[0].first != "0", let whole = Int(parts[0])
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || (1...2).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // At most three whole digits and two decimals: no overflow.
        let hundredths = Int(fraction + String(repeating: "0", count: 2 - fraction.count)) ?? 0
        let points = whole * 100 + hundredths
        guard points <= 10_000 else { return nil }
        self.basisPoints = points
    }

    /// 1000 → "10.00", 1250 → "12.50".
    package var description: String {
        let hundredths = basisPoints % 100
        return "\(basisPoints / 100).\(hundredths < 10 ? "0" : "")\(hundredths)"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let message = "a percent of the order total as a string from \"0\" to \"100\" with at most two decimals, e.g. \"10.00\""
        guard let text = try? container.decode(String.self) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be \(message)")
        }
        guard let percent = PenaltyPercent(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be \(message), got \"\(text)\"")
        }
        self = percent
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
