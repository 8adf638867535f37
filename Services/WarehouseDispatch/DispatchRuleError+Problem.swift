import HTTPTypes
import O2CRuntime

extension DispatchRuleError {
    /// The one place a rule refusal becomes problem+json.
    var problem: Problem {
        switch code {
        case .approvalRequired: Problem(status: .conflict, code: code.rawValue, detail: detail)
        case .invalidState: Problem.invalidState(detail)
        case .insufficientStock: Problem(status: .conflict, code: code.rawValue, detail: detail)
        case .invalidField:
            Problem.validation(detail, errors: field.map { [Problem.FieldError(field: $0, message: detail)] })
        }
    }

    /// Several field problems as one 422 naming each field.
    static func problem(for errors: [DispatchRuleError]) -> Problem {
        Problem.validation(
            errors.map { "\($0.field ?? "body"): \($0.detail)" }.joined(separator: "; "),
            errors: errors.map { Problem.FieldError(field: $0.field ?? "body", message: $0.detail) })
    }
}

/// Runs a rule and turns its refusal into a Problem.
func checked<T>(_ rule: () throws(DispatchRuleError) -> T) throws(Problem) -> T {
    do { return try rule() } catch { throw error.problem }
}
