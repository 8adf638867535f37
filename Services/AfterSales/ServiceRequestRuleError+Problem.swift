import O2CRuntime

/// The one place a workflow refusal becomes an HTTP problem (403 `forbidden_role`, 409 `invalid_state`).
extension ServiceRequestRuleError {
    var problem: Problem {
        switch kind {
        case .forbidden: Problem.forbiddenRole(detail)
        case .invalidState: Problem.invalidState(detail)
        }
    }
}

/// Runs a workflow rule, answering its refusal as a problem.
func applyingRule<T>(_ rule: () throws(ServiceRequestRuleError) -> T) throws -> T {
    do {
        return try rule()
    } catch {
        throw error.problem
    }
}
