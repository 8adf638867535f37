import Foundation
import O2CAMQP
import Testing

/// Issue 9, item 6: a consumer that holds messages through a long database outage keeps its broker
/// connection alive, so the broker redelivers nothing and no good message reaches the delivery limit.
///
/// Stops and starts PostgreSQL with `scripts/infra.sh stop-postgres` / `start-postgres`, which honour
/// `O2C_RUN_DIR` and `O2C_PG_PORT`; the services and the test reach it through
/// `TestEnvironment.adminDatabaseURL` (the same two variables, or `O2C_TEST_ADMIN_DATABASE_URL`). In CI
/// (tests one after another) that is the shared server; on a machine where others use it, point them at a
/// private instance (README, "Tests").
@Suite("Consumer heartbeats (real RabbitMQ and PostgreSQL, separate processes)", .serialized)
struct ConsumerHeartbeatTests {
    static let heartbeat = 2
    static let outage: Duration = .seconds(10)
    static let messages = 30

    @Test("a PostgreSQL outage longer than three heartbeats with messages in flight: each handled once, none parked, the connections kept")
    func databaseOutageLongerThanThreeHeartbeats() async throws {
        try Self.refuseToStopAnotherServer()
        #expect(Self.outage > .seconds(3 * Self.heartbeat))
        let harness = try await FixtureHarness()
        do {
            let process = try await harness.start([
                "O2C_AMQP_URL": Self.url(TestEnvironment.amqpURL, heartbeat: Self.heartbeat),
                "O2C_CONSUMERS": "2", "O2C_PREFETCH": "10",
            ])
            let before = try await eventuallyValue("both consumers listed by the broker") {
                let connections = try await Self.consumerConnections(queue: harness.queue)
                return connections.count == 2 ? connections : nil
            }
            #expect(
                before.allSatisfy { $0.heartbeat == Self.heartbeat },
                "the broker runs the connections at a \(Self.heartbeat) s heartbeat: \(before)")

            try await harness.publish(harness.effectRequests(Self.messages, sleepMs: 300))
            try await eventually("a few messages handled", every: .milliseconds(50)) {
                try await harness.effects().distinctKeys >= 4
            }
            try await Infrastructure.run("stop-postgres")
            let stopped = ContinuousClock.now
            try await Task.sleep(for: Self.outage)
            let inFlight = try await Self.unacknowledged(queue: harness.queue)
            try await Infrastructure.run("start-postgres")
            let outage = ContinuousClock.now - stopped
            #expect(inFlight > 0, "messages were delivered and held, unacknowledged, during the outage")

            let counts = try await harness.waitForEffects(Self.messages)
            #expect(counts.rows == Self.messages && counts.distinctKeys == Self.messages, "every message handled exactly once")
            let broker = AMQPAdmin(configuration: harness.amqp, logger: harness.logger)
            let parked = try await broker.queueStatus("\(harness.queue).parked").messages
            let waiting = try await broker.queueStatus(harness.queue).messages
            await broker.close()
            #expect(parked == 0, "nothing parked")
            #expect(waiting == 0, "nothing left in the queue")

            let redelivered = try await harness.metric(process, "o2c_messages_redelivered_total")
            #expect(redelivered == 0, "the broker redelivered nothing, so no delivery counted toward the limit")
            let log = process.log
            #expect(log.contains("database unavailable; holding message"), "messages were held through the outage")
            #expect(Self.occurrences(of: "AMQP consumer connected", in: log) == 2, "each worker connected once")
            #expect(!log.contains("AMQP consumer connection lost"))
            let after = try await Self.consumerConnections(queue: harness.queue)
            #expect(Set(after.map(\.peerPort)) == Set(before.map(\.peerPort)), "the broker kept the same two consumer connections")
            print(
                "heartbeat \(Self.heartbeat) s, outage \(outage), \(Self.messages) messages, \(inFlight) unacknowledged during it, "
                    + "\(Int(redelivered)) redelivered, \(parked) parked")
        } catch {
            print(harness.processes.map(\.log).joined(separator: "\n").suffix(6000))
            try? await Infrastructure.run("start-postgres")
            await harness.tearDown()
            throw error
        }
        await harness.tearDown()
    }

    /// `stop-postgres` stops the server on `O2C_PG_PORT` (default 5432); the services use the admin URL.
    /// If they disagree the test would stop a server it does not use, perhaps one others are using.
    static func refuseToStopAnotherServer() throws {
        let environment = ProcessInfo.processInfo.environment
        let scriptPort = Int(environment["O2C_PG_PORT"] ?? "5432")
        let urlPort = URLComponents(string: TestEnvironment.adminDatabaseURL)?.port ?? 5432
        guard scriptPort == urlPort else {
            throw TestFailure(
                "O2C_PG_PORT (\(environment["O2C_PG_PORT"] ?? "unset, 5432")) and O2C_TEST_ADMIN_DATABASE_URL (port \(urlPort)) disagree")
        }
    }

    static func url(_ base: String, heartbeat: Int) -> String {
        base + (base.contains("?") ? "&" : "?") + "heartbeat=\(heartbeat)"
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    struct ConsumerConnection: Hashable, CustomStringConvertible {
        var peerPort: Int
        var heartbeat: Int?
        var description: String { "port \(peerPort) heartbeat \(heartbeat.map { "\($0) s" } ?? "?")" }
    }

    /// The connections of the queue's consumers, with the heartbeat the broker runs them at, by the
    /// management API (its statistics lag up to 5 s).
    static func consumerConnections(queue: String) async throws -> [ConsumerConnection] {
        let details = try await management("/api/queues/%2F/\(queue)")["consumer_details"] as? [[String: Any]] ?? []
        let ports = details.compactMap { ($0["channel_details"] as? [String: Any])?["peer_port"] as? Int }
        guard !ports.isEmpty else { return [] }
        let connections = try await managementList("/api/connections")
        return ports.map { port in
            let connection = connections.first { $0["peer_port"] as? Int == port }
            return ConsumerConnection(peerPort: port, heartbeat: connection?["timeout"] as? Int)
        }
    }

    /// Deliveries of `queue` given to consumers and not yet acknowledged.
    static func unacknowledged(queue: String) async throws -> Int {
        try await management("/api/queues/%2F/\(queue)")["messages_unacknowledged"] as? Int ?? 0
    }

    static func management(_ path: String) async throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try await managementGet(path)) as? [String: Any] ?? [:]
    }

    static func managementList(_ path: String) async throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: try await managementGet(path)) as? [[String: Any]] ?? []
    }

    static func managementGet(_ path: String) async throws -> Data {
        let (body, status) = try await HTTPClient.request(
            "GET", "http://127.0.0.1:15672\(path)", headers: ["Authorization": "Basic \(Data("o2c:o2c".utf8).base64EncodedString())"])
        guard status == 200 else { throw TestFailure("management API GET \(path) answered \(status)") }
        return body
    }
}

/// Polls `value` until it gives something or the time is up.
func eventuallyValue<T>(
    _ what: String, timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(500),
    _ value: () async throws -> T?
) async throws -> T {
    var found: T?
    try await eventually(what, timeout: timeout, every: interval) {
        found = try await value()
        return found != nil
    }
    guard let found else { throw TestFailure("no value for \(what)") }
    return found
}
