/// Why a business rule refused (STYLE.md "Errors": an extensible code plus context). The codes are
/// CONTRACT.md's problem codes, so the HTTP layer maps them 1:1 (`O2CRuntime`'s `Problem(RuleViolation)`);
/// a service adds its own codes as `RuleViolation.Code` statics next to its rules.
package struct RuleViolation: Error, Sendable, Hashable, CustomStringConvertible {
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        /// Bad input; `fieldErrors` says which fields (HTTP 422).
        package static let validationFailed = Code(rawValue: "validation_failed")
        /// The principal holds no role this step needs (HTTP 403).
        package static let forbiddenRole = Code(rawValue: "forbidden_role")
        /// Not allowed in the thing's current state (HTTP 409).
        package static let invalidState = Code(rawValue: "invalid_state")
        /// The request names something that does not exist, or is not the caller's to name (HTTP 404).
        package static let notFound = Code(rawValue: "not_found")
        /// The thing exists already, or another request got there first (HTTP 409).
        package static let conflict = Code(rawValue: "conflict")
    }

    /// One bad field, by its JSON path (`lines[2].quantity`).
    package struct FieldError: Sendable, Hashable {
        package var field: String
        package var message: String
        package init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    package var code: Code
    package var detail: String
    package var fieldErrors: [FieldError]
    /// What the refusal is about when the code needs it, e.g. the products priced under their floor.
    package var subjects: [String]

    package init(code: Code, detail: String, fieldErrors: [FieldError] = [], subjects: [String] = []) {
        self.code = code
        self.detail = detail
        self.fieldErrors = fieldErrors
        self.subjects = subjects
    }

    /// A refusal about one field of the request, e.g. `allocations[1].amount`.
    package init(_ code: Code, field: String, _ detail: String) {
        self.init(code: code, detail: detail, fieldErrors: [FieldError(field: field, message: detail)])
    }

    package var description: String { "\(code)\(field.map { " at \($0)" } ?? ""): \(detail)" }

    /// The (first) field at fault, if the refusal names one.
    package var field: String? { fieldErrors.first?.field }

    /// Bad input, naming each field and what is wrong with it.
    package static func validation(_ errors: [FieldError]) -> RuleViolation {
        let detail = errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        return RuleViolation(code: .validationFailed, detail: detail, fieldErrors: errors)
    }

    /// One bad field.
    package static func validation(_ field: String, _ detail: String) -> RuleViolation {
        RuleViolation(.validationFailed, field: field, detail)
    }

    /// Bad input as a whole, with what is wrong with each field.
    package static func validation(_ detail: String, errors: [FieldError]) -> RuleViolation {
        RuleViolation(code: .validationFailed, detail: detail, fieldErrors: errors)
    }

    package static func notFound(_ detail: String) -> RuleViolation { RuleViolation(code: .notFound, detail: detail) }
    package static func conflict(_ detail: String) -> RuleViolation { RuleViolation(code: .conflict, detail: detail) }
    package static func forbidden(_ detail: String) -> RuleViolation { RuleViolation(code: .forbiddenRole, detail: detail) }
    package static func invalidState(_ detail: String) -> RuleViolation { RuleViolation(code: .invalidState, detail: detail) }
}
