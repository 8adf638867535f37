import O2CRuntime

/// The one place an order rule's refusal becomes an HTTP problem (CONTRACT.md codes, 1:1).
extension OrderRuleError {
    var problem: Problem {
        Problem.rule(
            code: code.rawValue, detail: detail,
            fieldErrors: fieldErrors.map { Problem.FieldError(field: $0.field, message: $0.message) })
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
