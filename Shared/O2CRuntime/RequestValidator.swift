import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import O2CContracts
import Yams

/// The service's own `openapi.yaml` made true at run time: every documented operation's path
/// parameters, query parameters, header parameters and JSON body are checked against the document
/// before the handler runs, and a request outside it is answered 422 `validation_failed` naming each
/// field at fault (CONTRACT.md "Faults, limits and identity"). A documented path asked with a method
/// it does not have is 405 with `Allow`; undocumented paths pass through (the router answers them).
/// The document is read once, when the router is built.
package struct RequestValidator: Sendable {
    struct Parameter: Sendable {
        enum Location: String, Sendable { case path, query, header }
        var name: String
        var location: Location
        var required: Bool
        var schema: OpenAPISchema
    }

    struct Operation: Sendable {
        var method: String
        /// The path's segments; `nil` where the document has a `{parameter}`.
        var segments: [String?]
        var parameterNames: [String?]
        var parameters: [Parameter]
        var body: OpenAPISchema?
        var bodyRequired: Bool
        /// `x-roles`: the roles that may call it, checked before the input (403 `forbidden_role`, as the
        /// handler would); nil where the handler decides (any role, or one that depends on the resource).
        var roles: Set<Role>?
        /// Literal segments, to prefer `/v1/orders/search` over `/v1/orders/{id}`.
        var literalCount: Int { segments.filter { $0 != nil }.count }
    }

    let operations: [Operation]
    let schemas: SchemaValidator

    package init(document: String) throws {
        let loaded: Any?
        do { loaded = try Yams.load(yaml: document) } catch { throw OpenAPIDocumentError("the document is not YAML: \(error)") }
        guard let root = loaded as? [String: Any] else { throw OpenAPIDocumentError("the document is not a mapping") }
        let components = root["components"] as? [String: Any] ?? [:]
        var schemas: [String: OpenAPISchema] = [:]
        for (name, raw) in components["schemas"] as? [String: Any] ?? [:] {
            schemas[name] = try OpenAPISchema(yaml: raw, at: "components.schemas.\(name)")
        }
        self.schemas = SchemaValidator(components: schemas)

        func resolved(_ raw: Any, at location: String) throws -> [String: Any] {
            guard var node = raw as? [String: Any] else { throw OpenAPIDocumentError("\(location) must be a mapping") }
            var seen: Set<String> = []
            while let ref = node["$ref"] as? String {
                guard seen.insert(ref).inserted, ref.hasPrefix("#/") else {
                    throw OpenAPIDocumentError("\(location): bad reference \(ref)")
                }
                var target: Any = root
                for key in ref.dropFirst(2).split(separator: "/") {
                    guard let next = (target as? [String: Any])?[String(key)] else {
                        throw OpenAPIDocumentError("\(location): \(ref) does not exist")
                    }
                    target = next
                }
                guard let next = target as? [String: Any] else { throw OpenAPIDocumentError("\(location): \(ref) is not a mapping") }
                node = next
            }
            return node
        }
        func parameters(_ raw: Any?, at location: String) throws -> [Parameter] {
            guard let raw else { return [] }
            guard let list = raw as? [Any] else { throw OpenAPIDocumentError("\(location).parameters must be a list") }
            return try list.enumerated().compactMap { index, item in
                let node = try resolved(item, at: "\(location).parameters[\(index)]")
                guard let name = node["name"] as? String, let place = node["in"] as? String else {
                    throw OpenAPIDocumentError("\(location).parameters[\(index)] needs `name` and `in`")
                }
                guard let where_ = Parameter.Location(rawValue: place) else { return nil }  // cookies: not used
                return Parameter(
                    name: name, location: where_, required: node["required"] as? Bool ?? (where_ == .path),
                    schema: try OpenAPISchema(yaml: node["schema"] ?? (true as Any), at: "\(location).parameters.\(name)"))
            }
        }

        var operations: [Operation] = []
        for (path, rawItem) in root["paths"] as? [String: Any] ?? [:] {
            let item = try resolved(rawItem, at: path)
            let shared = try parameters(item["parameters"], at: path)
            let segments = Self.segments(of: path)
            for method in ["get", "put", "post", "delete", "patch"] {
                guard let rawOperation = item[method] else { continue }
                let location = "\(method) \(path)"
                let operation = try resolved(rawOperation, at: location)
                let own = try parameters(operation["parameters"], at: location)
                // An operation's parameter replaces the path's of the same name and place.
                let merged = shared.filter { p in !own.contains { $0.name == p.name && $0.location == p.location } } + own
                var body: OpenAPISchema?
                var bodyRequired = false
                if let rawBody = operation["requestBody"] {
                    let requestBody = try resolved(rawBody, at: "\(location).requestBody")
                    bodyRequired = requestBody["required"] as? Bool ?? false
                    let content = requestBody["content"] as? [String: Any] ?? [:]
                    if let media = content["application/json"] as? [String: Any] {
                        body = try OpenAPISchema(yaml: media["schema"] ?? (true as Any), at: "\(location).requestBody")
                    }
                }
                var roles: Set<Role>?
                if let names = operation["x-roles"] {
                    guard let list = names as? [String], !list.isEmpty else {
                        throw OpenAPIDocumentError("\(location).x-roles must be a list of roles")
                    }
                    roles = try Set(
                        list.map { name in
                            guard let role = Role(rawValue: name) else {
                                throw OpenAPIDocumentError("\(location).x-roles: unknown role \(name)")
                            }
                            return role
                        })
                }
                operations.append(
                    Operation(
                        method: method.uppercased(),
                        segments: segments.map { $0.hasPrefix("{") && $0.hasSuffix("}") ? nil : $0 },
                        parameterNames: segments.map { $0.hasPrefix("{") && $0.hasSuffix("}") ? String($0.dropFirst().dropLast()) : nil },
                        parameters: merged, body: body, bodyRequired: bodyRequired, roles: roles))
            }
        }
        self.operations = operations.sorted { $0.literalCount > $1.literalCount }
    }

    static func segments(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { String($0) }
    }

    /// The documented operation a request is for, with its path parameters (percent-decoded).
    func operation(method: String, path: String) -> (Operation, [String: String])? {
        let segments = Self.segments(of: path)
        for operation in operations where operation.method == method && operation.segments.count == segments.count {
            var values: [String: String] = [:]
            var matched = true
            for (index, segment) in segments.enumerated() {
                if let literal = operation.segments[index] {
                    if literal != segment { matched = false; break }
                } else if let name = operation.parameterNames[index], !segment.isEmpty {
                    values[name] = segment.removingPercentEncoding ?? segment
                } else {
                    matched = false
                    break
                }
            }
            if matched { return (operation, values) }
        }
        return nil
    }

    /// Every fault of the request against its operation; empty when it is valid or undocumented.
    /// `body` is the collected body, or nil when the operation takes none.
    func faults(
        method: String, path: String, query: [(String, String)], headers: HTTPFields, body: ByteBuffer?
    ) -> [Problem.FieldError] {
        guard let match = operation(method: method, path: path) else { return [] }
        let (operation, pathValues) = match
        var errors: [Problem.FieldError] = []
        for parameter in operation.parameters {
            let raw: [String]
            switch parameter.location {
            case .path: raw = pathValues[parameter.name].map { [$0] } ?? []
            case .query: raw = query.filter { $0.0 == parameter.name }.map(\.1)
            case .header: raw = HTTPField.Name(parameter.name).map { headers[values: $0] } ?? []
            }
            guard let first = raw.first else {
                if parameter.required { errors.append(.init(field: parameter.name, message: "is required")) }
                continue
            }
            if raw.count > 1, parameter.schema.types?.contains("array") != true {
                errors.append(.init(field: parameter.name, message: "must be given once"))
                continue
            }
            guard let value = Self.value(first, as: parameter.schema, schemas: schemas) else {
                errors.append(
                    .init(
                        field: parameter.name, message: "must be of type \(parameter.schema.types?.joined(separator: " or ") ?? "string")"))
                continue
            }
            schemas.validate(value, against: parameter.schema, at: parameter.name, into: &errors)
        }
        if let schema = operation.body {
            if let body, body.readableBytes > 0 {
                do {
                    let value = try JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
                    schemas.validate(value, against: schema, at: "", into: &errors)
                    // A fault of the whole body (wrong type) names the body.
                    errors = errors.map { $0.field.isEmpty ? .init(field: "body", message: $0.message) : $0 }
                } catch {
                    errors.append(.init(field: "body", message: "is not valid JSON"))
                }
            } else if operation.bodyRequired {
                errors.append(.init(field: "body", message: "is required (a JSON document)"))
            }
        }
        return errors
    }

    /// A parameter's text as its schema's type; nil when it is not of it.
    static func value(_ text: String, as schema: OpenAPISchema, schemas: SchemaValidator) -> JSONValue? {
        var target = schema
        var depth = 0
        while let ref = target.ref, let next = schemas.resolve(ref), depth < 8 {
            target = next
            depth += 1
        }
        switch target.types?.first(where: { $0 != "null" }) {
        case "integer": return Int64(text).map(JSONValue.integer)
        case "number": return Double(text).flatMap { $0.isFinite ? JSONValue.number($0) : nil }
        case "boolean": return text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
        default: return .string(text)
        }
    }

    /// The documented methods of the path a request names (empty when the path is not documented).
    func methods(at path: String) -> [String] {
        let segments = Self.segments(of: path)
        let matching = operations.filter { operation in
            operation.segments.count == segments.count
                && zip(operation.segments, segments).allSatisfy { literal, segment in literal.map { $0 == segment } ?? !segment.isEmpty }
        }
        return Array(Set(matching.map(\.method))).sorted()
    }

    /// The query's parameters as clients mean them: `+` is a space (form encoding, as most HTTP clients
    /// send a space) and `%2B` a plus, so a value of spaces is checked as spaces.
    static func queryParameters(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Whether the request is for a documented operation that has a JSON body.
    func takesBody(method: String, path: String) -> Bool {
        operation(method: method, path: path)?.0.body != nil
    }
}

/// Runs `RequestValidator` on every request after authentication and before idempotency and the
/// handlers, so an invalid request changes nothing and claims no key.
package struct RequestValidationMiddleware: RouterMiddleware {
    package typealias Context = O2CRequestContext
    let validator: RequestValidator?

    /// `document`: the service's `openapi.yaml`; nil validates nothing (a service without one).
    /// A document that does not load is thrown, and the service refuses to start with it: it is part of
    /// the build, and the contract tests load every service's.
    package init(document: String?) throws {
        self.validator = try document.map { try RequestValidator(document: $0) }
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let validator else { return try await next(request, context) }
        var request = request
        let method = request.method.rawValue
        let path = request.uri.path
        guard let (operation) = validator.operation(method: method, path: path)?.0 else {
            // A documented path with a method it does not have: 405 with the methods it has.
            let allowed = validator.methods(at: path)
            guard !allowed.isEmpty, !(method == "HEAD" && allowed.contains("GET")) else { return try await next(request, context) }
            var response = Problem(
                status: .methodNotAllowed, code: "method_not_allowed",
                detail: "\(method) is not a method of \(path); it has \(allowed.joined(separator: ", "))"
            ).response()
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        }
        // Who may call it comes before what they sent, as in the handlers.
        if let roles = operation.roles { _ = try context.require(anyOf: roles) }
        let body: ByteBuffer? =
            validator.takesBody(method: method, path: path) ? try await request.collectBody(upTo: context.maxUploadSize) : nil
        let query = RequestValidator.queryParameters(request.uri.query)
        let errors = validator.faults(method: method, path: path, query: query, headers: request.headers, body: body)
        guard errors.isEmpty else {
            let fields = Array(Set(errors.map(\.field))).sorted()
            throw Problem.validation("the request does not match the API: \(fields.joined(separator: ", "))", errors: errors)
        }
        return try await next(request, context)
    }
}
