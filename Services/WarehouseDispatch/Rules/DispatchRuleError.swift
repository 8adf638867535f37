/// Why a dispatch rule refused (DOMAIN.md "Dispatch"); the service maps it to problem+json in one place.
struct DispatchRuleError: Error, Sendable, Hashable {
    enum Code: String, Sendable {
        /// The pick differs from the note and no sales approval covers it (`approval_required`).
        case approvalRequired = "approval_required"
        /// The note (or pass) is not in the state the step needs (`invalid_state`).
        case invalidState = "invalid_state"
        /// The stock cannot cover what was asked (`insufficient_stock`).
        case insufficientStock = "insufficient_stock"
        /// A field of the request is wrong (`validation_failed`).
        case invalidField = "validation_failed"
    }

    var code: Code
    var detail: String
    /// For `invalidField`: the JSON path of the field, e.g. `waybill.totalFreight`.
    var field: String?

    static func invalidState(_ detail: String) -> DispatchRuleError { .init(code: .invalidState, detail: detail) }
    static func invalid(_ field: String, _ detail: String) -> DispatchRuleError {
        .init(code: .invalidField, detail: detail, field: field)
    }
}
