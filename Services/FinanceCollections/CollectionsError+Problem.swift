import HTTPTypes
import O2CRuntime

extension CollectionsError {
    /// The rules' refusal as problem+json: `validation_failed` → 422, `not_found` → 404,
    /// `invalid_state` → 409, each naming the field at fault in `errors`.
    var problem: Problem {
        let errors = field.map { [Problem.FieldError(field: $0, message: message)] }
        return switch code {
        case .notFound: Problem(status: .notFound, code: code.rawValue, detail: message, errors: errors)
        case .invalidState: Problem(status: .conflict, code: code.rawValue, detail: message, errors: errors)
        default: Problem(status: .unprocessableContent, code: code.rawValue, detail: message, errors: errors)
        }
    }
}
