import O2CContracts

/// Finance's refusals beyond the shared codes (CONTRACT.md "HTTP conventions").
extension RuleViolation.Code {
    /// A receipt with this customer, method and bank reference is already booked (HTTP 409): a retry without an
    /// Idempotency-Key books nothing twice.
    static let duplicateReceipt = RuleViolation.Code(rawValue: "duplicate_receipt")
}
