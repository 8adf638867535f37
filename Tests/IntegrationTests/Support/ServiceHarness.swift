import Foundation
import Logging
import O2CAMQP
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One isolated world for testing a real service executable: a RabbitMQ virtual host of its own (so
/// its fixed routing keys meet no other test's queues), a fresh schema, the service's processes on
/// them, a way to publish the events other services would send and to capture the ones it sends.
final class ServiceHarness: @unchecked Sendable {
    // @unchecked Sendable: mutable state is only touched by the test that owns the harness, sequentially.
    let id = TestEnvironment.uniqueName("svc")
    let executable: String
    let schema: String
    let vhost: String
    let amqp: AMQPConfiguration
    let admin: PostgresPool
    let logger = Logger(label: "test")
    static let secret = "integration-test-secret-0123456789abcdef"
    private(set) var processes: [ServiceProcess] = []
    private var schemas: [String] = []
    private var captures: [AMQPConsumer] = []
    private static let ports = PortAllocator(start: 19_100)

    init(executable: String) async throws {
        self.executable = executable
        self.schema = id
        self.vhost = id
        try await Self.management("PUT", "/api/vhosts/\(id)")
        try await Self.management("PUT", "/api/permissions/\(id)/o2c", json: #"{"configure":".*","write":".*","read":".*"}"#)
        var amqp = try AMQPConfiguration(url: TestEnvironment.amqpURL)
        amqp.vhost = id
        self.amqp = amqp
        admin = PostgresPool(configuration: try PostgresConfiguration(url: TestEnvironment.adminDatabaseURL), size: 2, logger: logger)
        try await admin.query("create schema \"\(schema)\"")
        schemas.append(schema)
    }

    var amqpURL: String { "amqp://\(amqp.user):\(amqp.password)@\(amqp.host):\(amqp.port)/\(vhost)" }

    /// Starts one instance of the service and waits until it is ready.
    @discardableResult
    func start(_ extra: [String: String] = [:]) async throws -> ServiceProcess {
        try await start(executable, schema: schema, extra)
    }

    /// Starts another executable in the same world, on a schema of its own (created here if new).
    @discardableResult
    func start(_ executable: String, schema: String, _ extra: [String: String] = [:]) async throws -> ServiceProcess {
        if !schemas.contains(schema) {
            try await admin.query("create schema \"\(schema)\"")
            schemas.append(schema)
        }
        var environment = [
            "O2C_DATABASE_URL": TestEnvironment.adminDatabaseURL,
            "O2C_AMQP_URL": amqpURL,
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

    /// Publishes an event as its producing service's relay would.
    func publish<E: EventContract>(_ event: E, correlationID: String, producer: String = "test") async throws {
        let publisher = AMQPPublisher(configuration: amqp, topology: AMQPTopology(), logger: logger)
        defer { Task { await publisher.close() } }
        let message = try OutgoingMessage.event(event, correlationID: correlationID, causationID: nil)
        try await publisher.publish([
            AMQPOutgoingMessage(
                exchange: message.exchange, routingKey: message.routingKey, body: Array(message.body.utf8),
                messageID: message.messageID, correlationID: correlationID, type: message.routingKey, timestamp: Date(),
                headers: [MessageHeaders.producer: .string(producer)])
        ])
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
        for schema in schemas { _ = try? await admin.query("drop schema \"\(schema)\" cascade") }
        await admin.close()
        try? await Self.management("DELETE", "/api/vhosts/\(vhost)")
    }

    /// Calls RabbitMQ's management API (vhosts and permissions for test isolation).
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

    static func management(_ method: String, _ path: String, json: String? = nil) async throws {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:15672\(path)")!)
        request.httpMethod = method
        request.setValue("Basic \(Data("o2c:o2c".utf8).base64EncodedString())", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = json.map { Data($0.utf8) }
        let (_, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw TestFailure("management API \(method) \(path) answered \(status)") }
    }
}

/// Events a service published, as an outside system bound to its keys would receive them.
final class EventCapture: @unchecked Sendable {
    // @unchecked Sendable: used by one test at a time.
    let consumer: AMQPConsumer
    private(set) var received: [AMQPDelivery] = []
    init(consumer: AMQPConsumer) { self.consumer = consumer }

    /// Waits for the next event with this routing key and decodes its body.
    func next<E: EventContract>(_ type: E.Type, timeout: Duration = .seconds(20), where matches: (E) -> Bool = { _ in true }) async throws -> E {
        let deadline = ContinuousClock.now + timeout
        if let found = try received.lazy.filter({ $0.routingKey == E.routingKey })
            .map({ try JSONCoding.decoder.decode(E.self, from: Data($0.body)) }).first(where: matches) { return found }
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
