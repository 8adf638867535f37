import AfterSales
import Credit
import FinanceCollections
import Foundation
import O2CAMQP
import O2CContracts
import O2CMessaging
import O2CRuntime
import Orders
import Testing
import WarehouseDispatch

/// deploy/rabbitmq/definitions.json (imported by docker-compose and the Kubernetes Job before the
/// services start) against what the services declare at start: a queue pre-declared with other
/// arguments would make a service's own declare fail (PRECONDITION_FAILED), and a missing binding would
/// leave events unrouted until the service first connects.
@Suite struct TopologyDefinitionsTests {
    static let regenerate = "run `swift run o2cctl topology > deploy/rabbitmq/definitions.json`"

    struct Declared: Equatable {
        var exchanges: Set<String> = []
        var queues: [String: [String: String]] = [:]
        var bindings: Set<String> = []
    }

    @Test("the committed RabbitMQ definitions are exactly what the five services declare")
    func definitionsMatchCode() throws {
        let file = TestPaths.repositoryRoot.appendingPathComponent("deploy/rabbitmq/definitions.json")
        let data = try Data(contentsOf: file)
        let committed = try Self.parse(data)
        let code = try Self.fromCode()

        #expect(committed.exchanges == code.exchanges, "exchanges differ; \(Self.regenerate)")
        let missing = Set(code.queues.keys).subtracting(committed.queues.keys).sorted()
        let extra = Set(committed.queues.keys).subtracting(code.queues.keys).sorted()
        #expect(missing.isEmpty && extra.isEmpty, "queues missing from the file: \(missing), not in the code: \(extra); \(Self.regenerate)")
        for (name, arguments) in code.queues where committed.queues[name] != nil {
            #expect(committed.queues[name] == arguments, "queue \(name) arguments differ; \(Self.regenerate)")
        }
        let unbound = code.bindings.subtracting(committed.bindings).sorted()
        let stale = committed.bindings.subtracting(code.bindings).sorted()
        #expect(
            unbound.isEmpty && stale.isEmpty, "bindings missing from the file: \(unbound), not in the code: \(stale); \(Self.regenerate)")
    }

    /// The topology each service declares, computed as `ServiceApplication.build` does: its queue (the
    /// executable name), the routing keys of its handlers, the standard retry tiers, its broadcasts.
    static func fromCode() throws -> Declared {
        var declared = Declared()
        for definition in OpenAPIRoutesTests.definitions {
            let handlers = definition.handlers(try OpenAPIRoutesTests.environment(for: definition))
            let topology = ServiceTopology(
                queue: definition.name, bindings: Array(Set(handlers.map(\.routingKey))).sorted(),
                notifications: definition.notifications
            ).amqpTopology
            for exchange in topology.exchanges {
                declared.exchanges.insert("\(exchange.name) \(exchange.type) durable=\(exchange.durable)")
            }
            for queue in topology.queues {
                declared.queues[queue.name] = queue.arguments.mapValues(Self.text).merging(["durable": "\(queue.durable)"]) { $1 }
            }
            for binding in topology.bindings { declared.bindings.insert("\(binding.exchange) -> \(binding.queue) : \(binding.routingKey)") }
        }
        return declared
    }

    /// The definitions file in the same shape (RabbitMQ's definitions format).
    static func parse(_ data: Data) throws -> Declared {
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "definitions.json is not an object")
        var declared = Declared()
        for exchange in root["exchanges"] as? [[String: Any]] ?? [] {
            declared.exchanges.insert(
                "\(exchange["name"] ?? "") \(exchange["type"] ?? "") durable=\(exchange["durable"] as? Bool ?? false)")
        }
        for queue in root["queues"] as? [[String: Any]] ?? [] {
            let arguments = (queue["arguments"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
            declared.queues["\(queue["name"] ?? "")"] = arguments.merging(["durable": "\(queue["durable"] as? Bool ?? false)"]) { $1 }
        }
        for binding in root["bindings"] as? [[String: Any]] ?? [] {
            declared.bindings.insert("\(binding["source"] ?? "") -> \(binding["destination"] ?? "") : \(binding["routing_key"] ?? "")")
        }
        return declared
    }

    static func text(_ value: AMQPFieldValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        default: "\(value)"
        }
    }
}

enum TestPaths {
    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }
}
