import AfterSales
import Credit
import FinanceCollections
import Foundation
import O2CRuntime
import Orders
import Testing
import WarehouseDispatch
import Yams

/// Each service's `openapi.yaml` says what the API accepts (CONTRACT.md "Faults, limits and identity"):
/// everything a request can carry is bounded, unknown body fields are refused, and every operation
/// lists the 4xx and 503 answers it can give. The request validator enforces exactly these documents.
@Suite struct OpenAPIBoundsTests {
    @Test(
        "every string, number and list a request carries is bounded; bodies refuse unknown fields",
        arguments: OpenAPIRoutesTests.definitions.map(\.name))
    func requestsAreBounded(service: String) throws {
        let document = try Self.document(service)
        var faults: [String] = []
        for (label, operation, pathItem) in Self.operations(document) {
            for parameter in Self.parameters(operation, pathItem, document) {
                Self.audit(parameter["schema"], at: "\(label) parameter \(parameter["name"] ?? "?")", document, into: &faults)
            }
            if let body = Self.bodySchema(operation, document) {
                Self.audit(body, at: "\(label) body", document, into: &faults)
            }
        }
        #expect(faults.isEmpty, "\(service): \(faults.count) unbounded request fields:\n\(faults.joined(separator: "\n"))")
    }

    @Test(
        "every operation that takes a token documents 401, 503 and, where it takes input, 422 (and 413 with a body)",
        arguments: OpenAPIRoutesTests.definitions.map(\.name))
    func faultsAreDocumented(service: String) throws {
        let document = try Self.document(service)
        var faults: [String] = []
        for (label, operation, pathItem) in Self.operations(document) {
            if let security = operation["security"] as? [Any], security.isEmpty { continue }  // public platform routes
            let codes = Set((operation["responses"] as? [String: Any] ?? [:]).keys)
            var wanted = ["401", "503"]
            if !Self.parameters(operation, pathItem, document).isEmpty || operation["requestBody"] != nil { wanted.append("422") }
            if operation["requestBody"] != nil { wanted.append("413") }
            for code in wanted where !codes.contains(code) { faults.append("\(label): no \(code)") }
        }
        let responses = (document["components"] as? [String: Any])?["responses"] as? [String: Any] ?? [:]
        let unavailable = responses["Unavailable"] as? [String: Any]
        #expect((unavailable?["headers"] as? [String: Any])?["Retry-After"] != nil, "\(service): the 503 response documents Retry-After")
        #expect(faults.isEmpty, "\(service): \(faults.joined(separator: "; "))")
    }

    // MARK: reading the document

    static func document(_ service: String) throws -> [String: Any] {
        let definition = try #require(OpenAPIRoutesTests.definitions.first { $0.name == service })
        let text = try #require(definition.openAPI)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func operations(_ document: [String: Any]) -> [(String, [String: Any], [String: Any])] {
        var result: [(String, [String: Any], [String: Any])] = []
        for (path, raw) in (document["paths"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let item = raw as? [String: Any] else { continue }
            for method in ["get", "put", "post", "delete", "patch"] {
                if let operation = item[method] as? [String: Any] { result.append(("\(method.uppercased()) \(path)", operation, item)) }
            }
        }
        return result
    }

    static func resolve(_ value: Any?, _ document: [String: Any]) -> [String: Any]? {
        guard var node = value as? [String: Any] else { return nil }
        var hops = 0
        while let ref = node["$ref"] as? String, hops < 10 {
            var target: Any = document
            for key in ref.dropFirst(2).split(separator: "/") { target = (target as? [String: Any])?[String(key)] as Any }
            guard let next = target as? [String: Any] else { return nil }
            node = next
            hops += 1
        }
        return node
    }

    static func parameters(_ operation: [String: Any], _ item: [String: Any], _ document: [String: Any]) -> [[String: Any]] {
        ((item["parameters"] as? [Any] ?? []) + (operation["parameters"] as? [Any] ?? [])).compactMap { resolve($0, document) }
    }

    static func bodySchema(_ operation: [String: Any], _ document: [String: Any]) -> Any? {
        let body = resolve(operation["requestBody"], document)
        return ((body?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
    }

    /// The request side's rules: strings have a `maxLength`, an `enum` or `const`, or are a date or
    /// date-time with a pattern; integers have both bounds; lists a `maxItems`; objects
    /// `additionalProperties: false`; amounts are `Amount` (bounded), not the answers' `Money`.
    static func audit(_ raw: Any?, at location: String, _ document: [String: Any], into faults: inout [String], depth: Int = 0) {
        guard depth < 12, let schema = raw as? [String: Any] else { return }
        if let ref = schema["$ref"] as? String {
            if ref.hasSuffix("/Money") { faults.append("\(location): an amount a request gives is an Amount, not Money") }
            audit(resolve(schema, document), at: location, document, into: &faults, depth: depth + 1)
            return
        }
        let types = (schema["type"] as? [Any] ?? [schema["type"] as Any]).compactMap { $0 as? String }
        if types.contains("string"), schema["maxLength"] == nil, schema["enum"] == nil, schema["const"] == nil,
            !(["date", "date-time"].contains(schema["format"] as? String) && schema["pattern"] != nil)
        {
            faults.append("\(location): a string without maxLength")
        }
        if types.contains("integer"), schema["minimum"] == nil || schema["maximum"] == nil {
            faults.append("\(location): an integer without minimum and maximum")
        }
        if types.contains("number") { faults.append("\(location): a number (amounts are strings, quantities integers)") }
        if types.contains("array") {
            if schema["maxItems"] == nil { faults.append("\(location): a list without maxItems") }
            audit(schema["items"], at: "\(location)[]", document, into: &faults, depth: depth + 1)
        }
        if types.contains("object") || schema["properties"] != nil {
            if schema["additionalProperties"] as? Bool != false {
                faults.append("\(location): an object without additionalProperties: false")
            }
            for (name, property) in (schema["properties"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                audit(property, at: "\(location).\(name)", document, into: &faults, depth: depth + 1)
            }
        }
        for keyword in ["oneOf", "anyOf", "allOf"] {
            for branch in schema[keyword] as? [Any] ?? [] { audit(branch, at: location, document, into: &faults, depth: depth + 1) }
        }
    }
}
