import Foundation
import O2CAMQP
import O2CContracts
import O2CMessaging

/// RabbitMQ's definitions format (`rabbitmqctl import_definitions`, `POST /api/definitions`,
/// `load_definitions`) for a set of topologies in one virtual host. Sorted, so the output is stable.
struct RabbitDefinitions: Encodable {
    struct VHost: Encodable { var name: String }
    struct Exchange: Encodable {
        var name: String, vhost: String, type: String, durable: Bool
        var auto_delete = false, `internal` = false
        var arguments: [String: Argument] = [:]
    }
    struct Queue: Encodable {
        var name: String, vhost: String, durable: Bool
        var auto_delete = false
        var arguments: [String: Argument]
    }
    struct Binding: Encodable {
        var source: String, vhost: String, destination: String
        var destination_type = "queue"
        var routing_key: String
        var arguments: [String: Argument] = [:]
    }

    /// A user's regular permissions in the vhost. The users themselves are not in the file: their
    /// passwords are secrets, so `deploy/rabbitmq/apply.sh` creates them before importing it.
    struct Permission: Encodable {
        var user: String, vhost: String, configure: String, write: String, read: String
    }
    struct TopicPermission: Encodable {
        var user: String, vhost: String, exchange: String, write: String, read: String
    }

    /// A queue argument as JSON: strings and integers are all the suite uses.
    enum Argument: Encodable {
        case string(String), int(Int64), bool(Bool)

        init(_ value: AMQPFieldValue) throws {
            switch value {
            case .string(let text): self = .string(text)
            case .int(let number): self = .int(number)
            case .bool(let flag): self = .bool(flag)
            default: throw CLIError(message: "queue argument \(value) has no JSON form in definitions")
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .int(let number): try container.encode(number)
            case .bool(let flag): try container.encode(flag)
            }
        }
    }

    var vhosts: [VHost]
    var exchanges: [Exchange]
    var queues: [Queue]
    var bindings: [Binding]
    var permissions: [Permission]
    var topic_permissions: [TopicPermission]
    var policies: [String] = []

    init(_ topologies: [AMQPTopology], users: [BrokerPermissions], vhost: String) throws {
        let merged = topologies.reduce(AMQPTopology()) { $0.merged(with: $1) }
        vhosts = [VHost(name: vhost)]
        exchanges = merged.exchanges.map { Exchange(name: $0.name, vhost: vhost, type: $0.type, durable: $0.durable) }
            .sorted { $0.name < $1.name }
        queues = try merged.queues.map { queue in
            Queue(name: queue.name, vhost: vhost, durable: queue.durable, arguments: try queue.arguments.mapValues(Argument.init))
        }.sorted { $0.name < $1.name }
        bindings = merged.bindings.map {
            Binding(source: $0.exchange, vhost: vhost, destination: $0.queue, routing_key: $0.routingKey)
        }.sorted { ($0.destination, $0.routing_key) < ($1.destination, $1.routing_key) }
        permissions = users.map {
            Permission(user: $0.user, vhost: vhost, configure: $0.configure, write: $0.write, read: $0.read)
        }.sorted { $0.user < $1.user }
        topic_permissions = users.map {
            TopicPermission(user: $0.user, vhost: vhost, exchange: MessageHeaders.eventsExchange, write: $0.topicWrite, read: $0.topicRead)
        }.sorted { $0.user < $1.user }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(self), as: UTF8.self)
        // Foundation prints an empty object over three lines; keep it on one.
        return text.replacingOccurrences(of: #"\{\n\s*\n\s*\}"#, with: "{}", options: .regularExpression)
    }
}
