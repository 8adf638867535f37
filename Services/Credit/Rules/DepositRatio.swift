/// The deposit ratio on the wire: a decimal fraction string ("0.30" is 30%), stored in basis points.
enum DepositRatio {
    /// "0.30" → 3000, "1" → 10000, "0.305" → 3050; `nil` for anything else (more than 4 decimals,
    /// signs, exponents, percent signs). The range (0...1) is the rules' to check.
    static func basisPoints(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 5,
            parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), let whole = Int(parts[0])
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 4, fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
            parts.count == 1 || !fraction.isEmpty
        else { return nil }
        fraction += String(repeating: "0", count: 4 - fraction.count)
        // At most five whole digits and four decimals: the product cannot overflow.
        guard let decimals = Int(fraction) else { return nil }
        return whole * 10_000 + decimals
    }

    /// 3000 → "0.30", 3050 → "0.305", 10000 → "1.00".
    static func text(basisPoints: Int) -> String {
        let whole = basisPoints / 10_000
        var fraction = String(basisPoints % 10_000)
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}
