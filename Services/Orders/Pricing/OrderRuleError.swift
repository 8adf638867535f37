/// Why an order rule refused (STYLE.md "Errors": one error type per module, an extensible code
/// plus context). The codes are CONTRACT.md's problem codes, so the HTTP layer maps them 1:1.
public struct OrderRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Bad input; `fieldErrors` says which fields (HTTP 422).
        public static let validationFailed = Code(rawValue: "validation_failed")
        /// A unit price under the lowest ex-factory price; `skus` names the lines (HTTP 422).
        public static let priceBelowFactoryFloor = Code(rawValue: "price_below_factory_floor")
        /// The principal holds no role this decision needs (HTTP 403).
        public static let forbiddenRole = Code(rawValue: "forbidden_role")
        /// Not allowed in the thing's current state (HTTP 409).
        public static let invalidState = Code(rawValue: "invalid_state")
    }

    /// One bad field, by its JSON path (`lines[2].quantity`).
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
    /// For `price_below_factory_floor`: the products priced under their floor, in line order.
    public var skus: [String]

    public init(code: Code, detail: String, fieldErrors: [FieldError] = [], skus: [String] = []) {
        self.code = code
        self.detail = detail
        self.fieldErrors = fieldErrors
        self.skus = skus
    }

    public var description: String { "\(code): \(detail)" }

    static func validation(_ errors: [FieldError]) -> OrderRuleError {
        let fields = errors.map(\.field).joined(separator: ", ")
        return OrderRuleError(code: .validationFailed, detail: "invalid input: \(fields)", fieldErrors: errors)
    }

    static func forbidden(_ detail: String) -> OrderRuleError { OrderRuleError(code: .forbiddenRole, detail: detail) }
    static func invalidState(_ detail: String) -> OrderRuleError { OrderRuleError(code: .invalidState, detail: detail) }
}
