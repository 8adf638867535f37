import O2CContracts

/// The penalty of a cancellation (DOMAIN.md "Order amendments": finance computes any penalty; "The order-to-cash
/// flow" compensations: cancellation after the deposit → penalty per contract, remainder refunded).
///
/// contractual = order total × the contract's `cancellationPenaltyPercent` (basis points), rounded half away
/// from zero to the fen; penalty = min(contractual, deposit paid): the customer forfeits at most what was paid
/// on the deposit, so the refund (deposit paid − penalty) is never negative. The manuals (source 004, 退房:
/// 财务部计算罚金, then the general manager approves) put the computation before the last approval.
package struct CancellationPenalty: Equatable, Sendable {
    package let orderTotal: Money
    package let basisPoints: Int
    package let depositPaid: Money
    package let contractual: Money
    package let penalty: Money
    /// What the deposit refund will be if nothing more is paid before it.
    package let refund: Money

    /// Refuses a negative total, a negative deposit paid or a term outside 0...100 % (`cancellationPenaltyPercent`).
    package init(orderTotal: Money, basisPoints: Int, depositPaid: Money) throws(RuleViolation) {
        guard orderTotal >= .zero, orderTotal.isWithinBounds else {
            throw .validation("orderTotal", "the order total must be between 0.00 and 999999999999.99, got \(orderTotal)")
        }
        guard depositPaid >= .zero, depositPaid.isWithinBounds else {
            throw .validation("depositPaid", "the deposit paid must be between 0.00 and 999999999999.99, got \(depositPaid)")
        }
        guard (0...10_000).contains(basisPoints) else {
            throw .validation(
                "cancellationPenaltyPercent", "the cancellation penalty must be between 0% and 100%, got \(basisPoints) basis points")
        }
        self.orderTotal = orderTotal
        self.basisPoints = basisPoints
        self.depositPaid = depositPaid
        let contractual = try RuleViolation.checking("orderTotal") { () throws(MoneyError) in try orderTotal.times(basisPoints: basisPoints)
        }
        self.contractual = contractual
        self.penalty = min(contractual, depositPaid)
        self.refund = try RuleViolation.checking("depositPaid") { () throws(MoneyError) in try depositPaid - min(contractual, depositPaid) }
    }
}
