import O2CContracts

extension RuleViolation {
    /// The request names something after-sales does not hold (HTTP 404).
    static func notFound(_ detail: String) -> RuleViolation { RuleViolation(code: .notFound, detail: detail) }
}
