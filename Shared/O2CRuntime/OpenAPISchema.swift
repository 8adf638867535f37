import Foundation
import Yams

/// A JSON value as a request carries it: a body decoded without a target type, or a parameter read
/// as its schema's type. Numbers keep whether they are integers (JSON Schema's `integer`).
package enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// A value of the YAML document (an `enum` or `const` entry).
    init?(yaml value: Any) {
        switch value {
        case is NSNull: self = .null
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .integer(Int64(value))
        case let value as Double: self = .number(value)
        case let value as String: self = .string(value)
        case let value as [Any]:
            let items = value.compactMap(JSONValue.init(yaml:))
            guard items.count == value.count else { return nil }
            self = .array(items)
        case let value as [String: Any]:
            var object: [String: JSONValue] = [:]
            for (key, item) in value {
                guard let item = JSONValue(yaml: item) else { return nil }
                object[key] = item
            }
            self = .object(object)
        default: return nil
        }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Integers equal their number form (`1` matches `enum: [1.0]`).
    func sameValue(as other: JSONValue) -> Bool {
        switch (self, other) {
        case (.integer(let a), .number(let b)): Double(a) == b
        case (.number(let a), .integer(let b)): a == Double(b)
        default: self == other
        }
    }
}

/// An ECMA-262 pattern of the document, compiled once. `NSRegularExpression` is immutable after
/// creation and documented as safe to use from several threads.
struct SchemaPattern: @unchecked Sendable {
    let source: String
    let expression: NSRegularExpression

    init(_ source: String) throws {
        self.source = source
        self.expression = try NSRegularExpression(pattern: source)
    }

    /// JSON Schema patterns are not anchored: a match anywhere counts.
    func matches(_ string: String) -> Bool {
        expression.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil
    }
}

/// The subset of JSON Schema (OpenAPI 3.1) the services' documents use, read once from the YAML.
final class OpenAPISchema: Sendable {
    enum Additional: Sendable {
        case allowed
        case forbidden
        case schema(OpenAPISchema)
    }

    let ref: String?
    let types: [String]?
    let properties: [String: OpenAPISchema]
    let required: [String]
    let additionalProperties: Additional
    let enumValues: [JSONValue]?
    let constValue: JSONValue?
    let pattern: SchemaPattern?
    let minLength: Int?
    let maxLength: Int?
    let minimum: Double?
    let maximum: Double?
    let exclusiveMinimum: Double?
    let exclusiveMaximum: Double?
    let items: OpenAPISchema?
    let minItems: Int?
    let maxItems: Int?
    let format: String?
    let oneOf: [OpenAPISchema]
    let anyOf: [OpenAPISchema]
    let allOf: [OpenAPISchema]
    let not: OpenAPISchema?

    init(yaml value: Any, at location: String) throws(OpenAPIDocumentError) {
        if let flag = value as? Bool {
            // `true` accepts anything; `false` nothing (as `not: {}`).
            self.ref = nil; self.types = nil; self.properties = [:]; self.required = []
            self.additionalProperties = .allowed; self.enumValues = nil; self.constValue = nil; self.pattern = nil
            self.minLength = nil; self.maxLength = nil; self.minimum = nil; self.maximum = nil
            self.exclusiveMinimum = nil; self.exclusiveMaximum = nil; self.items = nil; self.minItems = nil
            self.maxItems = nil; self.format = nil; self.oneOf = []; self.anyOf = []; self.allOf = []
            self.not = flag ? nil : try OpenAPISchema(yaml: [String: Any](), at: location)
            return
        }
        guard let node = value as? [String: Any] else { throw .init("\(location): a schema must be a mapping") }
        func int(_ key: String) throws(OpenAPIDocumentError) -> Int? {
            guard let value = node[key] else { return nil }
            guard let number = value as? Int else { throw .init("\(location).\(key) must be an integer") }
            return number
        }
        func number(_ key: String) throws(OpenAPIDocumentError) -> Double? {
            switch node[key] {
            case nil: return nil
            case let value as Int: return Double(value)
            case let value as Double: return value
            default: throw .init("\(location).\(key) must be a number")
            }
        }
        func schemas(_ key: String) throws(OpenAPIDocumentError) -> [OpenAPISchema] {
            guard let value = node[key] else { return [] }
            guard let list = value as? [Any] else { throw .init("\(location).\(key) must be a list") }
            var result: [OpenAPISchema] = []
            for (index, item) in list.enumerated() { result.append(try OpenAPISchema(yaml: item, at: "\(location).\(key)[\(index)]")) }
            return result
        }

        self.ref = node["$ref"] as? String
        switch node["type"] {
        case nil: self.types = nil
        case let type as String: self.types = [type]
        case let list as [Any]:
            self.types = list.map { ($0 as? String) ?? "null" }
        default: throw .init("\(location).type must be a name or a list of names")
        }
        var properties: [String: OpenAPISchema] = [:]
        if let raw = node["properties"] {
            guard let map = raw as? [String: Any] else { throw .init("\(location).properties must be a mapping") }
            for (name, item) in map { properties[name] = try OpenAPISchema(yaml: item, at: "\(location).properties.\(name)") }
        }
        self.properties = properties
        self.required = (node["required"] as? [Any])?.compactMap { $0 as? String } ?? []
        switch node["additionalProperties"] {
        case nil: self.additionalProperties = .allowed
        case let flag as Bool: self.additionalProperties = flag ? .allowed : .forbidden
        case let schema?: self.additionalProperties = .schema(try OpenAPISchema(yaml: schema, at: "\(location).additionalProperties"))
        }
        if let raw = node["enum"] {
            guard let list = raw as? [Any] else { throw .init("\(location).enum must be a list") }
            let values = list.compactMap(JSONValue.init(yaml:))
            guard values.count == list.count else { throw .init("\(location).enum holds a value that is not JSON") }
            self.enumValues = values
        } else {
            self.enumValues = nil
        }
        if let raw = node["const"] {
            guard let value = JSONValue(yaml: raw) else { throw .init("\(location).const is not JSON") }
            self.constValue = value
        } else {
            self.constValue = nil
        }
        if let raw = node["pattern"] {
            guard let source = raw as? String, let pattern = try? SchemaPattern(source) else {
                throw .init("\(location).pattern is not a regular expression")
            }
            self.pattern = pattern
        } else {
            self.pattern = nil
        }
        self.minLength = try int("minLength")
        self.maxLength = try int("maxLength")
        self.minimum = try number("minimum")
        self.maximum = try number("maximum")
        self.exclusiveMinimum = try number("exclusiveMinimum")
        self.exclusiveMaximum = try number("exclusiveMaximum")
        if let item = node["items"] { self.items = try OpenAPISchema(yaml: item, at: "\(location).items") } else { self.items = nil }
        self.minItems = try int("minItems")
        self.maxItems = try int("maxItems")
        self.format = node["format"] as? String
        self.oneOf = try schemas("oneOf")
        self.anyOf = try schemas("anyOf")
        self.allOf = try schemas("allOf")
        if let item = node["not"] { self.not = try OpenAPISchema(yaml: item, at: "\(location).not") } else { self.not = nil }
    }
}

/// The document is not one the validator can read: a defect of the build, found at start.
package struct OpenAPIDocumentError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}

/// Checks values against schemas, collecting every fault with the field's path.
struct SchemaValidator {
    let components: [String: OpenAPISchema]

    func validate(_ value: JSONValue, against schema: OpenAPISchema, at field: String, into errors: inout [FieldError]) {
        if let ref = schema.ref {
            guard let target = resolve(ref) else {
                errors.append(.init(field: field, message: "cannot be checked: the document's reference \(ref) is unknown"))
                return
            }
            validate(value, against: target, at: field, into: &errors)
        }
        if let types = schema.types, !types.contains(where: { Self.value(value, is: $0) }) {
            errors.append(.init(field: field, message: "must be of type \(types.joined(separator: " or ")), not \(value.typeName)"))
            return
        }
        if let constValue = schema.constValue, !value.sameValue(as: constValue) {
            errors.append(.init(field: field, message: "must be \(Self.describe(constValue))"))
        }
        if let values = schema.enumValues, !values.contains(where: value.sameValue(as:)) {
            errors.append(.init(field: field, message: "must be one of \(values.map(Self.describe).joined(separator: ", "))"))
        }
        switch value {
        case .string(let string): validateString(string, schema, field, &errors)
        case .integer(let number): validateNumber(Double(number), schema, field, &errors)
        case .number(let number): validateNumber(number, schema, field, &errors)
        case .array(let items):
            if let minItems = schema.minItems, items.count < minItems {
                errors.append(.init(field: field, message: "must have at least \(minItems) item\(minItems == 1 ? "" : "s")"))
            }
            if let maxItems = schema.maxItems, items.count > maxItems {
                errors.append(.init(field: field, message: "must have at most \(maxItems) items"))
            }
            if let itemSchema = schema.items {
                for (index, item) in items.enumerated() { validate(item, against: itemSchema, at: "\(field)[\(index)]", into: &errors) }
            }
        case .object(let object):
            for name in schema.required where object[name] == nil {
                errors.append(.init(field: Self.join(field, name), message: "is required"))
            }
            for (name, item) in object.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = schema.properties[name] {
                    validate(item, against: propertySchema, at: Self.join(field, name), into: &errors)
                } else {
                    switch schema.additionalProperties {
                    case .allowed: break
                    case .forbidden: errors.append(.init(field: Self.join(field, name), message: "is not a known field"))
                    case .schema(let additional): validate(item, against: additional, at: Self.join(field, name), into: &errors)
                    }
                }
            }
        case .null, .bool: break
        }
        for branch in schema.allOf { validate(value, against: branch, at: field, into: &errors) }
        if !schema.anyOf.isEmpty, !schema.anyOf.contains(where: { matches(value, $0) }) {
            errors.append(.init(field: field, message: "matches none of the allowed forms"))
        }
        if !schema.oneOf.isEmpty, schema.oneOf.filter({ matches(value, $0) }).count != 1 {
            errors.append(.init(field: field, message: "must match exactly one of the allowed forms"))
        }
        if let not = schema.not, matches(value, not) {
            // `not: { required: [a, b] }` is how the documents say "one of a and b, not both".
            let message =
                not.required.count > 1 ? "must not give \(not.required.joined(separator: " and ")) together" : "is not allowed here"
            errors.append(.init(field: field, message: message))
        }
    }

    func matches(_ value: JSONValue, _ schema: OpenAPISchema) -> Bool {
        var errors: [FieldError] = []
        validate(value, against: schema, at: "", into: &errors)
        return errors.isEmpty
    }

    func resolve(_ ref: String) -> OpenAPISchema? {
        let prefix = "#/components/schemas/"
        guard ref.hasPrefix(prefix) else { return nil }
        return components[String(ref.dropFirst(prefix.count))]
    }

    private func validateString(_ string: String, _ schema: OpenAPISchema, _ field: String, _ errors: inout [FieldError]) {
        // JSON Schema counts Unicode code points.
        let length = string.unicodeScalars.count
        if let minLength = schema.minLength, length < minLength {
            errors.append(.init(field: field, message: minLength == 1 ? "must not be empty" : "must be at least \(minLength) characters"))
        }
        if let maxLength = schema.maxLength, length > maxLength {
            errors.append(.init(field: field, message: "must be at most \(maxLength) characters"))
        }
        if let pattern = schema.pattern, !pattern.matches(string) {
            errors.append(.init(field: field, message: "must match \(pattern.source)"))
        }
        switch schema.format {
        case "date" where !Self.isDate(string):
            errors.append(.init(field: field, message: "must be a calendar date (yyyy-mm-dd)"))
        case "date-time" where !Self.isDateTime(string):
            errors.append(.init(field: field, message: "must be an RFC 3339 date-time (e.g. 2026-12-01T09:30:00Z)"))
        default: break
        }
    }

    private func validateNumber(_ number: Double, _ schema: OpenAPISchema, _ field: String, _ errors: inout [FieldError]) {
        if let minimum = schema.minimum, number < minimum {
            errors.append(.init(field: field, message: "must be at least \(Self.describe(minimum))"))
        }
        if let maximum = schema.maximum, number > maximum {
            errors.append(.init(field: field, message: "must be at most \(Self.describe(maximum))"))
        }
        if let bound = schema.exclusiveMinimum, number <= bound {
            errors.append(.init(field: field, message: "must be more than \(Self.describe(bound))"))
        }
        if let bound = schema.exclusiveMaximum, number >= bound {
            errors.append(.init(field: field, message: "must be less than \(Self.describe(bound))"))
        }
    }

    static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .integer), ("number", .integer), ("number", .number): true
        case ("integer", .number(let number)): number.rounded() == number && abs(number) < 9.0e15
        default: false
        }
    }

    static func join(_ field: String, _ name: String) -> String { field.isEmpty ? name : "\(field).\(name)" }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let string): "\"\(string)\""
        case .integer(let number): "\(number)"
        case .number(let number): describe(number)
        case .bool(let flag): "\(flag)"
        case .null: "null"
        case .array, .object: "the documented value"
        }
    }

    static func describe(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    // MARK: formats

    /// `yyyy-mm-dd` naming a day that exists.
    static func isDate(_ string: String) -> Bool {
        let parts = string.split(separator: "-", omittingEmptySubsequences: false)
        guard string.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return (1...12).contains(month) && (1...daysIn(month: month, year: year)).contains(day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// RFC 3339 `date-time`: a date, `T`, `hh:mm:ss`, optional fraction, `Z` or `±hh:mm`.
    static func isDateTime(_ string: String) -> Bool {
        let scalars = Array(string.utf8)
        guard scalars.count >= 20, isDate(String(decoding: scalars[0..<10], as: UTF8.self)),
            scalars[10] == UInt8(ascii: "T") || scalars[10] == UInt8(ascii: "t"),
            let hour = twoDigits(scalars, 11), scalars[13] == UInt8(ascii: ":"),
            let minute = twoDigits(scalars, 14), scalars[16] == UInt8(ascii: ":"),
            let second = twoDigits(scalars, 17), hour < 24, minute < 60, second < 61
        else { return false }
        var index = 19
        if scalars[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 { index += 1 }
            guard index > start, index < scalars.count else { return false }
        }
        switch scalars[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"): return index == scalars.count - 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard scalars.count == index + 6, let offsetHour = twoDigits(scalars, index + 1),
                scalars[index + 3] == UInt8(ascii: ":"), let offsetMinute = twoDigits(scalars, index + 4)
            else { return false }
            return offsetHour < 24 && offsetMinute < 60
        default: return false
        }
    }

    private static func twoDigits(_ bytes: [UInt8], _ index: Int) -> Int? {
        guard index + 1 < bytes.count else { return nil }
        let (a, b) = (bytes[index], bytes[index + 1])
        guard (48...57).contains(a), (48...57).contains(b) else { return nil }
        return Int(a - 48) * 10 + Int(b - 48)
    }

    typealias FieldError = Problem.FieldError
}
