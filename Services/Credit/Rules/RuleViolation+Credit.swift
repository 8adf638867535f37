import O2CContracts

extension RuleViolation.Code {
    /// Exposure plus the order would pass the customer's credit limit.
    package static let creditLimitExceeded = Self(rawValue: "credit_limit_exceeded")
    /// The customer has a hold (an overdue invoice).
    package static let customerOnHold = Self(rawValue: "customer_on_hold")
}
