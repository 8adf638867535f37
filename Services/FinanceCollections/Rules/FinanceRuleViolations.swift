import O2CContracts

/// Finance's refusals beyond the shared codes (CONTRACT.md "HTTP conventions").
extension RuleViolation.Code {
    /// The thing was already recorded once, e.g. a month's statement confirmation (HTTP 409).
    static let conflict = RuleViolation.Code(rawValue: "conflict")
}

extension RuleViolation {
    /// The request names something finance does not hold (HTTP 404).
    static func notFound(_ detail: String) -> RuleViolation { RuleViolation(code: .notFound, detail: detail) }
    static func conflict(_ detail: String) -> RuleViolation { RuleViolation(code: .conflict, detail: detail) }
    /// Bad input as a whole, with what is wrong with each field (HTTP 422).
    static func validation(_ detail: String, errors: [FieldError]) -> RuleViolation {
        RuleViolation(code: .validationFailed, detail: detail, fieldErrors: errors)
    }
}
