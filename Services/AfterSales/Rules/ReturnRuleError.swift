import O2CRuntime

/// Why a return request or step was refused (one error type for the return rules).
struct ReturnRuleError: Error, Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// The request itself is wrong (422 `validation_failed`, with field errors).
        case invalid
        /// The order cannot take returns yet: not delivered (409 `invalid_state`).
        case orderNotReturnable
        /// The caller's role may not take this step (403 `forbidden_role`).
        case forbidden
        /// The return is not at this step (409 `invalid_state`).
        case invalidState
    }

    struct FieldError: Sendable, Equatable {
        var field: String
        var message: String
    }

    var kind: Kind
    var detail: String
    var fields: [FieldError] = []

    /// The one place a return rule's refusal becomes an HTTP problem.
    var problem: Problem {
        switch kind {
        case .invalid: Problem.validation(detail, errors: fields.map { .init(field: $0.field, message: $0.message) })
        case .orderNotReturnable, .invalidState: Problem.invalidState(detail)
        case .forbidden: Problem.forbiddenRole(detail)
        }
    }
}

/// Runs a return rule, answering its refusal as a problem.
func applyingReturnRule<T>(_ rule: () throws(ReturnRuleError) -> T) throws -> T {
    do {
        return try rule()
    } catch {
        throw error.problem
    }
}
