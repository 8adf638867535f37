import O2CContracts

/// 回款率 (collection rate, CONTRACT.md "The department's daily work", Reports): what was received against
/// what fell due, as a percentage with two decimals rounded down, in integer arithmetic on fen.
///
/// `received × 10000 ÷ due` in hundredths of a percent, truncated (amounts are never negative here, so that
/// is rounding down): 2 of 3 fen is 66.66, 1 of 3 is 33.33, all of it 100.00. Nothing due: no rate (nil),
/// whatever was received. The product is taken in 128 bits, so no amount of Money can overflow it.
package struct CollectionRate: Equatable, Sendable, CustomStringConvertible {
    /// The rate in hundredths of a percent: 6666 is 66.66%.
    package var hundredthsOfPercent: Int128

    /// Nil when nothing fell due (`due` zero or less); a negative `received` counts as nothing received.
    package init?(received: Money, due: Money) {
        guard due > .zero else { return nil }
        let paid = max(Int128(received.minorUnits), 0)
        hundredthsOfPercent = paid * 10_000 / Int128(due.minorUnits)
    }

    /// `"66.66"`: the percentage with exactly two decimals.
    package var description: String {
        let whole = hundredthsOfPercent / 100
        let fraction = hundredthsOfPercent % 100
        return "\(whole)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
