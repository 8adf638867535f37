import O2CContracts

/// How far a salesperson or region came against the month's sales target (销售目标完成率, DOMAIN.md "Reports"):
/// the achieved amount over the target, as a percentage with two decimals, rounded down (so 99.999 % is not
/// shown as 100 %). Exact: integer arithmetic on fen, never a floating point.
struct TargetAchievement: Sendable, Hashable {
    var target: Money
    var achieved: Money

    /// `87.50%`; nil when the target is zero (nothing to measure against) or the achievement is beyond
    /// 10^14 times the target (no figure a report could mean).
    var percent: String? {
        guard target.minorUnits > 0, achieved.minorUnits >= 0, achieved.minorUnits / target.minorUnits < 100_000_000_000_000 else {
            return nil
        }
        // achieved × 10,000 / target in hundredths of a percent: the product fits in 128 bits and, by the guard,
        // the quotient (below 10^18) in 64.
        let (high, low) = achieved.minorUnits.multipliedFullWidth(by: 10_000)
        let (quotient, _) = target.minorUnits.dividingFullWidth((high, low))
        let whole = quotient / 100
        let hundredths = quotient % 100
        return "\(whole).\(hundredths < 10 ? "0" : "")\(hundredths)%"
    }
}
