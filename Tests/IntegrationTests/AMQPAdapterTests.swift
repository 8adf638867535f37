import Foundation
import Logging
import O2CAMQP
import Testing

/// The librabbitmq adapter against the real broker that `scripts/infra.sh start` runs.
/// Every test declares its own exchange and queues and deletes them at the end.
@Suite(.serialized)
struct AMQPAdapterTests {
    let configuration: AMQPConfiguration
    let logger: Logger
    let admin: AMQPAdmin

    init() throws {
        configuration = try AMQPConfiguration(url: TestEnvironment.amqpURL, connectionName: "o2c-adapter-tests")
        var logger = Logger(label: "amqp-adapter-tests")
        logger.logLevel = .error
        self.logger = logger
        admin = AMQPAdmin(configuration: configuration, logger: logger)
    }

    // MARK: - helpers

    static func quorumQueue(_ name: String, deliveryLimit: Int64 = 5) -> AMQPTopology.Queue {
        .init(name: name, arguments: ["x-queue-type": "quorum", "x-delivery-limit": .int(deliveryLimit)])
    }

    /// An exchange with one quorum queue bound by `key`.
    static func topology(exchange: String, queue: String, key: String = "order.*") -> AMQPTopology {
        AMQPTopology(
            exchanges: [.init(name: exchange, type: "topic")], queues: [quorumQueue(queue)],
            bindings: [.init(queue: queue, exchange: exchange, routingKey: key)])
    }

    static func message(_ id: String, exchange: String = "", key: String) -> AMQPOutgoingMessage {
        AMQPOutgoingMessage(exchange: exchange, routingKey: key, body: Array("{\"id\":\"\(id)\"}".utf8), messageID: id)
    }

    func publisher(_ topology: AMQPTopology, faults: AMQPFaultInjector? = nil) -> AMQPPublisher {
        AMQPPublisher(configuration: configuration, topology: topology, logger: logger, faults: faults)
    }

    func consumer(_ topology: AMQPTopology, queue: String, prefetch: UInt16 = 10, faults: AMQPFaultInjector? = nil)
        -> AMQPConsumer
    {
        AMQPConsumer(
            configuration: configuration, topology: topology, queue: queue, prefetch: prefetch, logger: logger,
            faults: faults)
    }

    /// Everything `consumer` receives until it has been quiet for `quiet`.
    func drain(_ consumer: AMQPConsumer, quiet: Duration = .milliseconds(500)) async throws -> [AMQPDelivery] {
        var deliveries: [AMQPDelivery] = []
        while let delivery = try await consumer.next(timeout: quiet) { deliveries.append(delivery) }
        return deliveries
    }

    /// Polls the ready-message count until it equals `expected` (quorum queues count after commit).
    func readyMessages(_ queue: String, expected: Int, within: Duration = .seconds(5)) async throws -> Int {
        let deadline = ContinuousClock.now + within
        var count = try await admin.queueStatus(queue).messages
        while count != expected && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            count = try await admin.queueStatus(queue).messages
        }
        return count
    }

    func cleanUp(queues: [String], exchanges: [String] = []) async throws {
        for queue in queues { try await admin.deleteQueue(queue) }
        for exchange in exchanges { try await admin.deleteExchange(exchange) }
        await admin.close()
    }

    static func expectError(
        _ code: AMQPError.Code, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws(AMQPError) -> Void
    ) async -> AMQPError? {
        do {
            try await body()
            Issue.record("expected AMQPError.\(code), got success", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            return error
        }
    }
}
