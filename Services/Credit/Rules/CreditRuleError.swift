/// Why a credit rule refused (STYLE.md "Errors": one error type per module, an extensible code
/// plus context). The codes are CONTRACT.md's problem codes, so the HTTP layer maps them 1:1.
public struct CreditRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Bad input; `fieldErrors` says which fields (HTTP 422).
        public static let validationFailed = Code(rawValue: "validation_failed")
        /// Only a sales_director may override (HTTP 403).
        public static let forbiddenRole = Code(rawValue: "forbidden_role")
        /// Exposure plus the order would pass the limit.
        public static let creditLimitExceeded = Code(rawValue: "credit_limit_exceeded")
        /// The customer has a hold (an overdue invoice).
        public static let customerOnHold = Code(rawValue: "customer_on_hold")
    }

    /// One bad field, by its JSON name (`creditLimit`).
    public struct FieldError: Sendable, Hashable {
        public var field: String
        public var message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var code: Code
    public var detail: String
    public var fieldErrors: [FieldError]

    public init(code: Code, detail: String, fieldErrors: [FieldError] = []) {
        self.code = code
        self.detail = detail
        self.fieldErrors = fieldErrors
    }

    public var description: String { "\(code): \(detail)" }

    static func validation(_ errors: [FieldError]) -> CreditRuleError {
        let fields = errors.map(\.field).joined(separator: ", ")
        return CreditRuleError(code: .validationFailed, detail: "invalid input: \(fields)", fieldErrors: errors)
    }
}
