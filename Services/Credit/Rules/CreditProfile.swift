import O2CContracts

/// A customer's credit profile (DOMAIN.md "Credit"): grade, credit limit, deposit ratio. The
/// payment terms follow from the grade (`CreditGrade.balanceDueBasis`, `balanceDueDays`).
package struct CreditProfile: Sendable, Hashable {
    /// 30%, in basis points.
    package static let defaultDepositRatioBasisPoints = 3000

    package let grade: CreditGrade
    package let creditLimit: Money
    /// The deposit as a share of the order total, in basis points (3000 = 30%).
    package let depositRatioBasisPoints: Int

    /// Refuses, with `validation_failed` naming each field (CONTRACT.md `PUT …/credit-profile`
    /// names), a negative limit or a ratio outside 0...10000 basis points (0%–100%).
    package init(
        grade: CreditGrade, creditLimit: Money, depositRatioBasisPoints: Int = defaultDepositRatioBasisPoints
    ) throws(RuleViolation) {
        var errors: [RuleViolation.FieldError] = []
        if creditLimit < .zero {
            errors.append(.init(field: "creditLimit", message: "must not be negative, got \(creditLimit)"))
        }
        if !(0...10_000).contains(depositRatioBasisPoints) {
            errors.append(
                .init(
                    field: "depositRatio",
                    message: "must be between 0 and 10000 basis points (0%–100%), got \(depositRatioBasisPoints)"))
        }
        guard errors.isEmpty else { throw .validation(errors) }
        self.grade = grade
        self.creditLimit = creditLimit
        self.depositRatioBasisPoints = depositRatioBasisPoints
    }

    /// The deposit asked before dispatch for an order of `total`, rounded half away from zero to the fen.
    /// The ratio is at most 100 %, so a bounded total gives a bounded deposit; checked all the same.
    package func deposit(for total: Money) throws(MoneyError) -> Money { try total.times(basisPoints: depositRatioBasisPoints) }
}
