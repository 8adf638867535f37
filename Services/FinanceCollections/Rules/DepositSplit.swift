import O2CContracts

/// An order's total split into the deposit asked before dispatch and the balance due per grade
/// (DOMAIN.md "Credit": every grade pays a deposit before dispatch; default ratio 30%).
///
/// deposit = total × ratio, rounded half away from zero to the fen; balance = total − deposit, so the
/// two always add up to the total exactly.
package struct DepositSplit: Equatable, Sendable {
    package static let defaultRatioBasisPoints = 3_000

    package let total: Money
    /// The deposit ratio in basis points (1/10,000): 3000 is 30%.
    package let depositRatioBasisPoints: Int
    package let deposit: Money
    package let balance: Money

    /// Refuses a negative total or one beyond the largest amount (`total`) and a ratio outside 0...100%
    /// (`depositRatio`).
    package init(total: Money, depositRatioBasisPoints: Int = DepositSplit.defaultRatioBasisPoints) throws(RuleViolation) {
        guard total >= .zero else {
            throw .validation("total", "the order total must not be negative, got \(total)")
        }
        guard total.isWithinBounds else {
            throw .validation("total", "the order total \(total) is beyond the largest amount, 999999999999.99")
        }
        guard (0...10_000).contains(depositRatioBasisPoints) else {
            throw .validation("depositRatio", "the deposit ratio must be between 0% and 100%, got \(depositRatioBasisPoints) basis points")
        }
        self.total = total
        self.depositRatioBasisPoints = depositRatioBasisPoints
        // With a ratio of at most 100 % the deposit is at most the total, and the balance between 0 and
        // the total: checked all the same, so a total beyond the bounds is a refusal, never a trap.
        let deposit = try RuleViolation.checking("total") { () throws(MoneyError) in try total.times(basisPoints: depositRatioBasisPoints) }
        self.deposit = deposit
        self.balance = try RuleViolation.checking("total") { () throws(MoneyError) in try total - deposit }
    }
}
