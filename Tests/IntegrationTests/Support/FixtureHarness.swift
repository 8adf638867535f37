import Foundation
import Logging
import O2CAMQP
import O2CContracts
import O2CPostgres
import O2CRuntime

/// One isolated world for a platform test: a fresh schema, a queue and a topic of its own, the fixture
/// service's processes on it, and admin access to both servers to look at what happened.
final class FixtureHarness: @unchecked Sendable {
    // @unchecked Sendable: `processes` is only touched by the test that owns the harness, sequentially.
    let id = TestEnvironment.uniqueName("fx")
    var schema: String { id }
    var queue: String { id }
    var topic: String { id.replacingOccurrences(of: "_", with: "") }
    static let secret = "integration-test-secret-0123456789abcdef"
    let admin: PostgresPool
    let amqp: AMQPConfiguration
    let logger = Logger(label: "test")
    private(set) var processes: [ServiceProcess] = []
    private static let ports = PortAllocator(start: 18_100)

    init() async throws {
        admin = PostgresPool(configuration: try PostgresConfiguration(url: TestEnvironment.adminDatabaseURL), size: 2, logger: logger)
        amqp = try AMQPConfiguration(url: TestEnvironment.amqpURL)
        // Services declare the events exchange passively: the operator's definitions create it.
        try await ServiceHarness.management(
            "PUT", "/api/exchanges/\(amqp.vhost == "/" ? "%2F" : amqp.vhost)/\(MessageHeaders.eventsExchange)",
            json: #"{"type":"topic","durable":true}"#)
        try await admin.query("create schema \(identifier: schema)")
    }

    /// Starts one fixture instance and waits until it is ready.
    @discardableResult
    func start(_ extra: [String: String] = [:], waitReady: Bool = true) async throws -> ServiceProcess {
        var environment = [
            "O2C_DATABASE_URL": TestEnvironment.adminDatabaseURL,
            "O2C_AMQP_URL": TestEnvironment.amqpURL,
            "O2C_AUTH_SECRET": Self.secret,
            "O2C_DB_SCHEMA": schema,
            "O2C_QUEUE": queue,
            "FIXTURE_TOPIC": topic,
            "O2C_RETRY_DELAYS": "200ms,400ms,800ms",
        ]
        for (key, value) in extra { environment[key] = value }
        let process = try ServiceProcess(executable: "o2c-fixture", port: Self.ports.next(), environment: environment, label: "fixture")
        processes.append(process)
        if waitReady { try await process.waitUntilReady() }
        return process
    }

    func token() async throws -> String {
        try await TokenMinter.token(secret: Self.secret, subject: "tester", roles: [.salesAdmin])
    }

    /// Publishes messages straight to `o2c.events`, as another service's relay would.
    func publish(_ bodies: [(routingKey: String, body: String)]) async throws {
        let publisher = AMQPPublisher(configuration: amqp, topology: AMQPTopology(), logger: logger)
        defer { Task { await publisher.close() } }
        let messages = bodies.map {
            AMQPOutgoingMessage(
                exchange: MessageHeaders.eventsExchange, routingKey: $0.routingKey, body: Array($0.body.utf8),
                messageID: UUID().uuidString.lowercased(), correlationID: id, type: $0.routingKey, timestamp: Date())
        }
        for chunk in stride(from: 0, to: messages.count, by: 200) {
            try await publisher.publish(Array(messages[chunk..<min(chunk + 200, messages.count)]))
        }
    }

    func effectRequests(_ count: Int, prefix: String = "k", sleepMs: Int? = nil, fail: Bool = false) -> [(routingKey: String, body: String)]
    {
        (0..<count).map { n in
            var fields = [#""key":"\#(prefix)-\#(n)""#]
            if let sleepMs { fields.append(#""sleepMs":\#(sleepMs)"#) }
            if fail { fields.append(#""fail":true"#) }
            return ("\(topic).effect_requested.v1", "{\(fields.joined(separator: ","))}")
        }
    }

    struct EffectCounts: Equatable { var rows: Int; var distinctKeys: Int; var workers: Int }

    func effects(prefix: String = "") async throws -> EffectCounts {
        let row = try await admin.query(
            """
            select count(*) as rows, count(distinct key) as keys, count(distinct worker) as workers
            from \(identifier: schema).effects where key like \("\(prefix)%")
            """
        ).rows[0]
        return EffectCounts(rows: try row.int("rows"), distinctKeys: try row.int("keys"), workers: try row.int("workers"))
    }

    /// Waits until `expected` distinct effects exist, then a little longer to let any duplicate show.
    func waitForEffects(_ expected: Int, prefix: String = "", timeout: Duration = .seconds(90)) async throws -> EffectCounts {
        try await eventually("\(expected) effects", timeout: timeout, every: .milliseconds(200)) {
            try await self.effects(prefix: prefix).distinctKeys >= expected
        }
        try await Task.sleep(for: .milliseconds(1500))
        return try await effects(prefix: prefix)
    }

    /// Reads (and acknowledges) everything in the parked queue.
    func drainParked(expecting count: Int, timeout: Duration = .seconds(30)) async throws -> [AMQPDelivery] {
        let consumer = AMQPConsumer(configuration: amqp, topology: AMQPTopology(), queue: "\(queue).parked", prefetch: 100, logger: logger)
        try await consumer.connect()
        var parked: [AMQPDelivery] = []
        let deadline = ContinuousClock.now + timeout
        while parked.count < count && ContinuousClock.now < deadline {
            if let delivery = try await consumer.next(timeout: .milliseconds(500)) {
                parked.append(delivery)
                try await consumer.ack(delivery)
            }
        }
        await consumer.close()
        return parked
    }

    /// The sum of a metric's samples on `/metrics`, over the lines whose labels contain `labels`.
    func metric(_ process: ServiceProcess, _ name: String, labels: String = "") async throws -> Double {
        let (body, _) = try await HTTPClient.request("GET", "http://127.0.0.1:\(process.port)/metrics")
        return String(decoding: body, as: UTF8.self).split(separator: "\n")
            .filter { ($0.hasPrefix(name + "{") || $0.hasPrefix(name + " ")) && (labels.isEmpty || $0.contains(labels)) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0, +)
    }

    /// Stops every process and removes the schema and the queues.
    func tearDown() async {
        for process in processes where process.isRunning { await process.terminate(timeout: .seconds(15)) }
        _ = try? await admin.query("drop schema \(identifier: schema) cascade")
        await admin.close()
        let broker = AMQPAdmin(configuration: amqp, logger: logger)
        for name in [queue, "\(queue).parked", "\(queue).retry.200ms", "\(queue).retry.400ms", "\(queue).retry.800ms"] {
            try? await broker.deleteQueue(name)
        }
        await broker.close()
    }
}

/// Hands out HTTP ports for test processes, distinct within a test run.
final class PortAllocator: @unchecked Sendable {
    // @unchecked Sendable: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: Int
    init(start: Int) { value = start + Int(ProcessInfo.processInfo.processIdentifier % 500) * 4 }
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
