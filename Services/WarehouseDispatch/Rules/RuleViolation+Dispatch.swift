import O2CContracts

extension RuleViolation.Code {
    /// The pick differs from the note and no sales approval covers it (HTTP 409).
    package static let approvalRequired = Self(rawValue: "approval_required")
    /// The stock cannot cover what was asked (HTTP 409).
    package static let insufficientStock = Self(rawValue: "insufficient_stock")
}

extension RuleViolation {
    /// 404 `not_found`: no dispatch note has this id.
    static func noDispatchNote(_ id: String) -> RuleViolation { RuleViolation(code: .notFound, detail: "no dispatch note \(id)") }
}
