import Foundation
import Logging
import O2CAMQP
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// One isolated world for testing a real service executable: a RabbitMQ virtual host of its own (so
/// its fixed routing keys meet no other test's queues), a fresh schema, the service's processes on
/// them, a way to publish the events other services would send and to capture the ones it sends.
final class ServiceHarness: @unchecked Sendable {
    // @unchecked Sendable: mutable state is only touched by the test that owns the harness, sequentially.
    let id = TestEnvironment.uniqueName("svc")
    let executable: String
    let schema: String
    let vhost: String
    /// The servers of this world: the single node, or the cluster.
    let infrastructure: TestInfrastructure
    let amqp: AMQPConfiguration
    let admin: PostgresPool
    let logger = Logger(label: "test")
    static let secret = "integration-test-secret-0123456789abcdef"
    private(set) var processes: [ServiceProcess] = []
    /// Broker users a test made for this world (name → password), deleted at tear-down.
    var extraUsers: [String: String] = [:]
    private var schemas: [String] = []
    private var captures: [AMQPConsumer] = []
    private static let ports = PortAllocator(start: 19_100)

    init(executable: String, infrastructure: TestInfrastructure = .single) async throws {
        self.executable = executable
        self.schema = id
        self.vhost = id
        self.infrastructure = infrastructure
        try await Self.prepareVHost(id, on: infrastructure)
        var amqp = try AMQPConfiguration(url: infrastructure.amqpURL)
        amqp.vhost = id
        self.amqp = amqp
        admin = PostgresPool(configuration: try PostgresConfiguration(url: infrastructure.adminDatabaseURL), size: 2, logger: logger)
        try await admin.query("create schema \(identifier: schema)")
        schemas.append(schema)
    }

    /// The operator's URL into this world (full rights; for what a test does as an operator or a forger).
    var amqpURL: String { "amqp://\(amqp.user):\(amqp.password)@\(brokers)/\(vhost)" }

    /// `host:port[,host:port…]` of this world's broker or brokers.
    var brokers: String { amqp.endpoints.map(\.description).joined(separator: ",") }

    /// The broker configuration of a service's own user in this world, as infra.sh gives it to the service.
    func amqp(as user: String) throws -> AMQPConfiguration {
        var configuration = amqp
        configuration.user = user
        configuration.password = try extraUsers[user] ?? TestEnvironment.brokerPassword(for: user)
        return configuration
    }

    func amqpURL(as user: String) throws -> String {
        let configuration = try amqp(as: user)
        return "amqp://\(configuration.user):\(configuration.password)@\(brokers)/\(vhost)"
    }

    /// A fresh vhost as `deploy/rabbitmq/apply.sh` makes one: the events exchange, full rights for the
    /// operator, and each broker user's permissions and topic permissions from `BrokerPermissions`.
    static func prepareVHost(_ vhost: String, on infrastructure: TestInfrastructure = .single) async throws {
        func management(_ method: String, _ path: String, json: String? = nil) async throws {
            try await infrastructure.management(method, path, json: json)
        }
        try await management("PUT", "/api/vhosts/\(vhost)")
        try await management("PUT", "/api/permissions/\(vhost)/o2c", json: #"{"configure":".*","write":".*","read":".*"}"#)
        try await management("PUT", "/api/exchanges/\(vhost)/\(MessageHeaders.eventsExchange)", json: #"{"type":"topic","durable":true}"#)
        for user in BrokerPermissions.all {
            func json(_ fields: [String: String]) throws -> String {
                String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
            }
            try await management(
                "PUT", "/api/permissions/\(vhost)/\(user.user)",
                json: try json(["configure": user.configure, "write": user.write, "read": user.read]))
            try await management(
                "PUT", "/api/topic-permissions/\(vhost)/\(user.user)",
                json: try json(["exchange": MessageHeaders.eventsExchange, "write": user.topicWrite, "read": user.topicRead]))
        }
    }

    /// Starts one instance of the service and waits until it is ready.
    @discardableResult
    func start(_ extra: [String: String] = [:]) async throws -> ServiceProcess {
        try await start(executable, schema: schema, extra)
    }

    /// Starts another executable in the same world, on a schema of its own (created here if new).
    @discardableResult
    func start(_ executable: String, schema: String, _ extra: [String: String] = [:]) async throws -> ServiceProcess {
        if !schemas.contains(schema) {
            try await admin.query("create schema \(identifier: schema)")
            schemas.append(schema)
        }
        // Each service as its own broker user, as infra.sh runs them (anything else as the operator).
        let brokerURL = if ServiceName(rawValue: executable) == nil { amqpURL } else { try amqpURL(as: executable) }
        var environment = [
            "O2C_DATABASE_URL": infrastructure.adminDatabaseURL,
            "O2C_AMQP_URL": brokerURL,
            "O2C_AUTH_SECRET": Self.secret,
            "O2C_DB_SCHEMA": schema,
            "O2C_RETRY_DELAYS": "200ms,400ms,800ms",
        ]
        for (key, value) in extra { environment[key] = value }
        let process = try ServiceProcess(executable: executable, port: Self.ports.next(), environment: environment)
        processes.append(process)
        try await process.waitUntilReady()
        return process
    }

    func token(_ roles: Role..., subject: String = "tester") async throws -> String {
        try await TokenMinter.token(secret: Self.secret, subject: subject, roles: roles)
    }

    /// Publishes an event as its producing service's relay would: as that service's broker user (the one
    /// its routing key names), unless `as` names another user of this world.
    func publish<E: EventContract>(_ event: E, correlationID: String, producer: String = "test", as user: String? = nil) async throws {
        guard let owner = user ?? ProducerIdentity.services.expectedUser(of: E.routingKey) else {
            throw TestFailure("no service publishes \(E.routingKey)")
        }
        let message = try OutgoingMessage.event(event, correlationID: correlationID, causationID: nil)
        try await publish(
            AMQPOutgoingMessage(
                exchange: message.exchange, routingKey: message.routingKey, body: Array(message.body.utf8),
                messageID: message.messageID, correlationID: correlationID, type: message.routingKey, timestamp: Date(),
                headers: [MessageHeaders.producer: .string(producer)]),
            as: owner)
    }

    /// Publishes one message as `user` (a broker user of this world; `o2c` is the operator) with a confirm.
    func publish(_ message: AMQPOutgoingMessage, as user: String) async throws {
        let configuration = user == amqp.user ? amqp : try amqp(as: user)
        let publisher = AMQPPublisher(configuration: configuration, topology: AMQPTopology(), logger: logger)
        defer { Task { await publisher.close() } }
        try await publisher.publish([message])
    }

    /// Takes (reads and acknowledges) up to `count` messages from `<queue>.parked` within `timeout`.
    func takeParked(from queue: String, count: Int, timeout: Duration = .seconds(30)) async throws -> [AMQPDelivery] {
        let consumer = AMQPConsumer(configuration: amqp, topology: AMQPTopology(), queue: "\(queue).parked", prefetch: 100, logger: logger)
        try await consumer.connect()
        var parked: [AMQPDelivery] = []
        let deadline = ContinuousClock.now + timeout
        while parked.count < count, ContinuousClock.now < deadline {
            if let delivery = try await consumer.next(timeout: .milliseconds(250)) {
                parked.append(delivery)
                try await consumer.ack(delivery)
            }
        }
        await consumer.close()
        return parked
    }

    /// A queue bound to `keys` (e.g. `credit.#`) that records what the service publishes from now on.
    func capture(_ keys: [String]) async throws -> EventCapture {
        let queue = "capture_\(UInt32.random(in: 0...UInt32.max))"
        let topology = AMQPTopology(
            exchanges: [.init(name: MessageHeaders.eventsExchange, type: "topic", durable: true)],
            queues: [.init(name: queue, durable: false, arguments: [:])],
            bindings: keys.map { .init(queue: queue, exchange: MessageHeaders.eventsExchange, routingKey: $0) })
        let consumer = AMQPConsumer(configuration: amqp, topology: topology, queue: queue, prefetch: 100, logger: logger)
        try await consumer.connect()
        captures.append(consumer)
        return EventCapture(consumer: consumer)
    }

    func http(
        _ method: String, _ process: ServiceProcess, _ path: String, token: String? = nil, json: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> (body: Data, status: Int) {
        try await HTTPClient.request(method, "http://127.0.0.1:\(process.port)\(path)", token: token, json: json, headers: headers)
    }

    func tearDown() async {
        for process in processes where process.isRunning { await process.terminate(timeout: .seconds(15)) }
        for consumer in captures { await consumer.close() }
        for schema in schemas { _ = try? await admin.query("drop schema \(identifier: schema) cascade") }
        await admin.close()
        try? await infrastructure.management("DELETE", "/api/vhosts/\(vhost)")
        for user in extraUsers.keys { try? await infrastructure.management("DELETE", "/api/users/\(user)") }
    }

    /// Runs `body` with a fresh harness for `executable` and always tears it down; when `body` fails, the
    /// processes' logs are printed first.
    static func run(_ executable: String, _ body: (ServiceHarness) async throws -> Void) async throws {
        let harness = try await ServiceHarness(executable: executable)
        do { try await body(harness) } catch {
            print(harness.processes.map(\.log).joined(separator: "\n").suffix(6000))
            await harness.tearDown()
            throw error
        }
        await harness.tearDown()
    }

    /// Calls the single node's management API as the operator (vhosts, users and permissions of a test).
    static func management(_ method: String, _ path: String, json: String? = nil) async throws {
        try await TestInfrastructure.single.management(method, path, json: json)
    }
}

/// Events a service published, as an outside system bound to its keys would receive them.
final class EventCapture: @unchecked Sendable {
    // @unchecked Sendable: used by one test at a time.
    let consumer: AMQPConsumer
    private(set) var received: [AMQPDelivery] = []
    init(consumer: AMQPConsumer) { self.consumer = consumer }

    /// Waits for the next event with this routing key and decodes its body.
    func next<E: EventContract>(
        _ type: E.Type, timeout: Duration = .seconds(20), where matches: (E) -> Bool = { _ in true }
    ) async throws -> E {
        let deadline = ContinuousClock.now + timeout
        if let found = try received.lazy.filter({ $0.routingKey == E.routingKey })
            .map({ try JSONCoding.decoder.decode(E.self, from: Data($0.body)) }).first(where: matches)
        {
            return found
        }
        while ContinuousClock.now < deadline {
            guard let delivery = try await consumer.next(timeout: .milliseconds(250)) else { continue }
            try await consumer.ack(delivery)
            received.append(delivery)
            if delivery.routingKey == E.routingKey {
                let event = try JSONCoding.decoder.decode(E.self, from: Data(delivery.body))
                if matches(event) { return event }
            }
        }
        throw TestFailure("no \(E.routingKey) within \(timeout); received \(received.map(\.routingKey))")
    }
}
