import Foundation
import Logging
import O2CAMQP
import O2CMessaging
import O2CPostgres

/// Outbox-to-consumer latency through the whole platform path: a transaction writes outbox rows at a
/// steady rate, the relay (woken by NOTIFY) publishes them with confirms, and a consumer runs each
/// through its inbox transaction. Latency is from just before the producing transaction to the
/// handler of the consuming one.
enum OutboxLatencyBenchmark {
    struct Report {
        var messages: Int
        var rate: Int
        var latenciesMs: [Double]
        var elapsed: Duration

        func percentile(_ p: Double) -> Double {
            let sorted = latenciesMs.sorted()
            guard !sorted.isEmpty else { return .nan }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
        }

        func printTable() {
            print("outbox → consumer latency, \(latenciesMs.count)/\(messages) messages at \(rate)/s offered")
            print(
                String(
                    format: "  p50 %.1f ms   p90 %.1f ms   p99 %.1f ms   max %.1f ms",
                    percentile(0.5), percentile(0.9), percentile(0.99), latenciesMs.max() ?? .nan))
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(String(format: "  end-to-end throughput %.0f msg/s", Double(latenciesMs.count) / seconds))
        }
    }

    actor Collector {
        var latencies: [Double] = []
        func add(_ ms: Double) { latencies.append(ms) }
    }

    struct Ping: Codable { var sentAtNanos: Int64 }

    static func nowNanos() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }

    static func run(databaseURL: String, amqpURL: String, messages: Int, rate: Int) async throws -> Report {
        var logger = Logger(label: "o2c-bench.outbox")
        logger.logLevel = .warning
        let name = "bench_\(UInt32.random(in: 0...UInt32.max))"
        var database = try PostgresConfiguration(url: databaseURL, applicationName: "o2c-bench")
        database.searchPath = name
        let amqp = try AMQPConfiguration(url: amqpURL, connectionName: "o2c-bench")
        let pool = PostgresPool(configuration: database, size: 6, logger: logger)
        try await pool.query("create schema \(identifier: name)")
        try await Migrator.migrate(pool: pool, schema: name, migrations: PlatformMigrations.all, logger: logger)

        let routingKey = "\(name.replacingOccurrences(of: "_", with: "")).ping.v1"
        let topology = ServiceTopology(queue: name, bindings: [routingKey])
        let collector = Collector()
        let handler = MessageHandler(routingKey: routingKey) { context in
            let ping = try JSONCoding.decoder.decode(Ping.self, from: Data(context.message.body))
            await collector.add(Double(nowNanos() - ping.sentAtNanos) / 1e6)
        }
        let publisher = AMQPPublisher(configuration: amqp, topology: topology.amqpTopology, logger: logger)
        let relay = OutboxRelay(
            service: "o2c-bench", schema: name, listenConfiguration: database, publisher: publisher, logger: logger)
        var settings = MessageConsumer.Settings()
        settings.concurrency = 2
        settings.prefetch = 50
        let consumer = MessageConsumer(
            service: "o2c-bench", topology: topology, amqp: amqp, pool: pool, schema: name, handlers: [handler],
            clock: ServiceClock(), settings: settings, producers: ProducerIdentity { [user = amqp.user] _ in user }, logger: logger)

        let started = ContinuousClock.now
        let services = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await relay.run() }
                group.addTask { try? await consumer.run() }
            }
        }
        // Let the consumer declare its queue before the first publish (mandatory publishes).
        try await Task.sleep(for: .seconds(1))

        let outbox = Outbox(schema: name)
        let perTransaction = 5
        let interval = Duration.seconds(1) * Double(perTransaction) / Double(rate)
        var next = ContinuousClock.now
        for start in stride(from: 0, to: messages, by: perTransaction) {
            try await pool.transaction { connection in
                let batch = (start..<min(start + perTransaction, messages)).map { _ in
                    OutgoingMessage(
                        routingKey: routingKey, correlationID: name, causationID: nil,
                        body: "{\"sentAtNanos\":\(nowNanos())}")
                }
                try await outbox.enqueue(batch, on: connection)
            }
            next += interval
            try await Task.sleep(until: next)
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while await collector.latencies.count < messages && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let elapsed = ContinuousClock.now - started
        services.cancel()
        await services.value
        await publisher.close()

        _ = try? await pool.query("drop schema \(identifier: name) cascade")
        await pool.close()
        let admin = AMQPAdmin(configuration: amqp, logger: logger)
        for queue in [name, topology.parkedQueue] + topology.retryDelays.indices.compactMap({ topology.retryQueue(forAttempt: $0 + 1) }) {
            try? await admin.deleteQueue(queue)
        }
        await admin.close()
        return Report(messages: messages, rate: rate, latenciesMs: await collector.latencies, elapsed: elapsed)
    }
}
