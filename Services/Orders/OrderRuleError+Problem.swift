import HTTPTypes
import O2CRuntime

/// The one place an order rule's refusal becomes an HTTP problem (CONTRACT.md codes, 1:1).
extension OrderRuleError {
    var problem: Problem {
        switch code {
        case .validationFailed:
            Problem.validation(detail, errors: fieldErrors.map { Problem.FieldError(field: $0.field, message: $0.message) })
        case .forbiddenRole:
            Problem.forbiddenRole(detail)
        case .invalidState:
            Problem.invalidState(detail)
        default:
            Problem(status: .unprocessableContent, code: code.rawValue, detail: detail)
        }
    }
}

/// Runs a rule, answering its refusal as a problem.
func applyingRule<T>(_ rule: () throws(OrderRuleError) -> T) throws -> T {
    do {
        return try rule()
    } catch {
        throw error.problem
    }
}
