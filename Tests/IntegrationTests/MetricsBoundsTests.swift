import Foundation
import O2CAMQP
import O2CContracts
import Testing

/// Metric labels come from a closed set: junk a sender makes up does not grow `/metrics`.
@Suite("Bounded observability (real RabbitMQ and PostgreSQL, the fixture service as a process)", .serialized)
struct MetricsBoundsTests {
    @Test("a flood of messages naming routing keys no handler serves is parked and leaves /metrics the same size")
    func junkRoutingKeysDoNotGrowMetrics() async throws {
        let harness = try await FixtureHarness()
        do {
            let process = try await harness.start()
            func junk(_ count: Int, from start: Int) async throws {
                let publisher = AMQPPublisher(configuration: harness.amqp, topology: AMQPTopology(), logger: harness.logger)
                defer { Task { await publisher.close() } }
                // Straight into the queue, each naming a made-up original routing key (as a copy the fixture
                // forwarded itself would, so the key is believed) and a made-up type.
                try await publisher.publish(
                    (start..<start + count).map { n in
                        AMQPOutgoingMessage(
                            exchange: "", routingKey: harness.queue,
                            body: Array(#"{"key":"junk"}"#.utf8), messageID: UUID().uuidString.lowercased(), correlationID: "junk",
                            type: "junk.made_up_type_\(n).v1", timestamp: Date(),
                            headers: [MessageHeaders.originalRoutingKey: .string("junk.made_up_\(n).v1")])
                    })
            }
            func metricsText() async throws -> String {
                String(decoding: try await HTTPClient.request("GET", "http://127.0.0.1:\(process.port)/metrics").body, as: UTF8.self)
            }
            /// The series on /metrics (names and labels, without their values).
            func series() async throws -> Set<String> {
                Set(
                    try await metricsText().split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
                        String($0.split(separator: " ").dropLast().joined(separator: " "))
                    })
            }
            try await junk(1, from: 0)
            _ = try await harness.drainParked(expecting: 1)
            try await eventually("the first junk message is counted") {
                try await harness.metric(process, "o2c_messages_parked_total", labels: #"routing_key="unknown""#) == 1
            }
            let before = try await series()
            try await junk(200, from: 1)
            #expect(try await harness.drainParked(expecting: 200).count == 200)
            try await eventually("the parked count reaches 201") {
                try await harness.metric(process, "o2c_messages_parked_total", labels: #"routing_key="unknown""#) == 201
            }
            let after = try await series()
            #expect(after == before, "new series: \(after.subtracting(before).sorted())")
            #expect(!(try await metricsText()).contains("made_up"))
        } catch {
            await harness.tearDown()
            throw error
        }
        await harness.tearDown()
    }
}
