import AfterSales
import Credit
import FinanceCollections
import Foundation
import Hummingbird
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import Orders
import Testing
import WarehouseDispatch

/// Each service's hand-kept `openapi.yaml` against the routes its router registers: every registered
/// route is documented and every documented route exists (CONTRACT.md: the HTTP API is a contract).
@Suite struct OpenAPIRoutesTests {
    static let definitions: [ServiceDefinition] = [
        OrdersService.definition, CreditService.definition, WarehouseDispatchService.definition,
        FinanceCollectionsService.definition, AfterSalesService.definition,
    ]

    @Test("the OpenAPI document lists exactly the routes the service registers", arguments: definitions.map(\.name))
    func documentMatchesRouter(service: String) async throws {
        let definition = try #require(Self.definitions.first { $0.name == service })
        guard let document = definition.openAPI else {
            Issue.record("\(service) serves no OpenAPI document: set `openAPI: OpenAPIDocument.text` in its ServiceDefinition")
            return
        }
        #expect(document.hasPrefix("openapi: 3.1"), "\(service): the document must start with `openapi: 3.1`")
        #expect(document.contains(service), "\(service): the document must name the service")

        let router = try await ServiceApplication.makeRouter(definition, environment: try Self.environment(for: definition))
        let registered = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let documented = Set(OpenAPIPaths.operations(in: document))

        let undocumented = registered.subtracting(documented).sorted()
        let missing = documented.subtracting(registered).sorted()
        #expect(undocumented.isEmpty, "\(service): routes registered but not in openapi.yaml: \(undocumented)")
        #expect(missing.isEmpty, "\(service): routes in openapi.yaml but not registered: \(missing)")
    }

    @Test("the request validator reads the service's OpenAPI document", arguments: definitions.map(\.name))
    func documentLoadsIntoTheValidator(service: String) throws {
        let definition = try #require(Self.definitions.first { $0.name == service })
        let document = try #require(definition.openAPI)
        _ = try RequestValidator(document: document)
    }

    /// An environment whose pool never connects (a pool opens connections lazily) and whose clock is
    /// movable, so the test-only `PUT /v1/admin/test-clock` is registered too.
    static func environment(for definition: ServiceDefinition) throws -> ServiceEnvironment {
        let configuration = try ServiceConfiguration.fromEnvironment(
            service: definition.name, defaultHTTPPort: definition.defaultHTTPPort, defaultSchema: definition.schema,
            environment: [
                "O2C_DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
                "O2C_AMQP_URL": "amqp://nobody:nothing@127.0.0.1:1/",
                "O2C_AUTH_SECRET": String(repeating: "s", count: 32),
                "O2C_TEST_CLOCK": "1",
            ])
        let logger = Logger(label: "openapi-routes-test")
        return ServiceEnvironment(
            name: definition.name, configuration: configuration,
            pool: PostgresPool(configuration: configuration.database, size: 1, logger: logger),
            clock: ServiceClock(movable: configuration.testClock), logger: logger)
    }
}

/// The operations under `paths:` of an OpenAPI YAML document, as `METHOD /path`: path keys indented two
/// spaces, method keys four. Enough for the hand-kept documents; no YAML dependency.
enum OpenAPIPaths {
    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]

    static func operations(in document: String) -> [String] {
        var operations: [String] = []
        var inPaths = false
        var path: String?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if !line.hasPrefix(" ") {
                inPaths = line.hasPrefix("paths:")
                path = nil
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let key = String(line.dropFirst(4).dropLast())
                if methods.contains(key) { operations.append("\(key.uppercased()) \(path)") }
            }
        }
        return operations
    }
}
