import O2CContracts

/// `GET /v1/customers/{id}/credit` (CONTRACT.md): the profile, its payment terms, and the
/// customer's exposure, what is left of the limit, and why the customer is on hold.
struct CreditView: Encodable, Sendable {
    var customerId: String
    var grade: CreditGrade
    var creditLimit: Money
    /// A decimal fraction, "0.30" for 30%.
    var depositRatio: String
    var depositRatioBasisPoints: Int
    /// DOMAIN.md "Credit": the deposit is always due before dispatch; the balance on dispatch (A)
    /// or on delivery (B, C), plus `balanceDueDays`.
    var balanceDueBasis: CreditGrade.BalanceDueBasis
    var balanceDueDays: Int
    var exposure: Money
    var available: Money
    var onHold: Bool
    var holdReasons: [String]

    /// Throws only for an account exposed past the bounds, which no reservation can make (checked there).
    init(customerId: String, profile: CreditProfile, account: CreditAccount) throws(MoneyError) {
        self.customerId = customerId
        grade = profile.grade
        creditLimit = profile.creditLimit
        depositRatio = DepositRatio.text(basisPoints: profile.depositRatioBasisPoints)
        depositRatioBasisPoints = profile.depositRatioBasisPoints
        balanceDueBasis = profile.grade.balanceDueBasis
        balanceDueDays = profile.grade.balanceDueDays
        exposure = try account.exposure
        available = try account.available(under: profile)
        onHold = account.isOnHold
        holdReasons = account.holdReasons
    }
}
