/// The one error type of finance-collections' business rules: a machine-readable code from CONTRACT.md
/// ("HTTP conventions"), the field it concerns (a JSON path such as `allocations[1].amount`) and a
/// sentence for the user. The HTTP layer maps it to problem+json: `validation_failed` → 422 with
/// `errors: [{field, message}]`, `not_found` → 404, `invalid_state` → 409.
public struct CollectionsError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The request asks for something the rules forbid (an amount too large, negative, zero).
        public static let validationFailed = Code(rawValue: "validation_failed")
        /// The request names something that does not exist (or is not this customer's).
        public static let notFound = Code(rawValue: "not_found")
        /// The thing named exists but its state does not allow this (a settled invoice).
        public static let invalidState = Code(rawValue: "invalid_state")
    }

    public var code: Code
    /// The request field at fault, as a JSON path, when there is one.
    public var field: String?
    public var message: String

    public init(_ code: Code, field: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(code)\(field.map { " at \($0)" } ?? ""): \(message)" }

    static func validation(_ field: String, _ message: String) -> CollectionsError {
        CollectionsError(.validationFailed, field: field, message)
    }
}
