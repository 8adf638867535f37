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

    func consumer(
        _ topology: AMQPTopology, queue: String, prefetch: UInt16 = 10, faults: AMQPFaultInjector? = nil
    )
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
        _ body: () async throws -> Void
    ) async -> AMQPError? {
        do {
            try await body()
            Issue.record("expected AMQPError.\(code), got success", sourceLocation: sourceLocation)
            return nil
        } catch let error as AMQPError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("expected AMQPError.\(code), got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

extension AMQPAdapterTests {
    @Test func configurationParsesURLsAndRejectsBadOnes() throws {
        let parsed = try AMQPConfiguration(url: "amqp://u%40x:p%3Aw@broker.local/%2F")
        #expect(parsed.host == "broker.local" && parsed.port == 5672 && parsed.vhost == "/")
        #expect(parsed.user == "u@x" && parsed.password == "p:w" && parsed.heartbeatSeconds == 10)
        #expect(try AMQPConfiguration(url: "amqp://h:5673/sales").vhost == "sales")
        for bad in ["http://h/", "amqp:///%2F", "not a url", "amqp://h:99999/"] {
            #expect(throws: AMQPError.self) { try AMQPConfiguration(url: bad) }
        }
        #expect(AMQPFaultInjector.fromEnvironment("pg.commit_lost:2") == nil)
        let faults = try #require(AMQPFaultInjector.fromEnvironment("pg.commit_lost:2,amqp.confirm_lost:2,amqp.ack_lost"))
        #expect(faults.remaining(.confirmLost) == 2 && faults.remaining(.ackLost) == 1)
        #expect(faults.consume(.ackLost) && !faults.consume(.ackLost))
    }

    @Test func declaresQuorumTopologyAndRoundTripsEveryPropertyAndHeader() async throws {
        let exchange = TestEnvironment.uniqueName("amqp_rt_x"), queue = TestEnvironment.uniqueName("amqp_rt_q")
        let topology = Self.topology(exchange: exchange, queue: queue)
        let publisher = publisher(topology)
        let consumer = consumer(topology, queue: queue)
        let headers: [String: AMQPFieldValue] = [
            "x-text": "héllo", "x-count": .int(-42), "x-flag": true,
            "x-nested": .table(["inner": "v", "n": 7, "list": .array(["a", 1, false, .table(["deep": true])])]),
        ]
        let sent = AMQPOutgoingMessage(
            exchange: exchange, routingKey: "order.placed", body: Array("{\"total\":\"12.50\"}".utf8),
            messageID: "m-1", correlationID: "corr-1", type: "OrderPlaced",
            timestamp: Date(timeIntervalSince1970: 1_790_000_000), contentType: "application/json", headers: headers)
        try await publisher.publish([sent])
        #expect(await publisher.isConnected)

        let received = try #require(try await consumer.next(timeout: .seconds(5)))
        #expect(received.exchange == exchange && received.routingKey == "order.placed" && !received.redelivered)
        #expect(received.body == sent.body && received.messageID == "m-1" && received.correlationID == "corr-1")
        #expect(received.type == "OrderPlaced" && received.contentType == "application/json")
        #expect(received.timestamp == sent.timestamp)
        #expect(received.headers == headers)
        try await consumer.ack(received)
        #expect(try await readyMessages(queue, expected: 0) == 0)
        #expect(try await admin.queueStatus(queue).consumers == 1)

        // The queue really is a quorum queue: declaring it as a classic queue is refused (406).
        let classic = self.publisher(AMQPTopology(queues: [.init(name: queue)]))
        let refused = await Self.expectError(.channelClosed) { try await classic.connect() }
        #expect(refused?.replyCode == 406)
        await classic.close()
        await consumer.close()
        await publisher.close()
        try await cleanUp(queues: [queue], exchanges: [exchange])
    }

    @Test func batchOf500IsConfirmed() async throws {
        let queue = TestEnvironment.uniqueName("amqp_batch_q")
        let publisher = publisher(AMQPTopology(queues: [Self.quorumQueue(queue)]))
        let batch = (0..<500).map { Self.message("b-\($0)", key: queue) }
        try await publisher.publish(batch)
        #expect(try await readyMessages(queue, expected: 500) == 500)
        await publisher.close()
        try await cleanUp(queues: [queue])
    }

    @Test func mandatoryMessageWithoutBindingIsUnroutable() async throws {
        let exchange = TestEnvironment.uniqueName("amqp_unr_x"), queue = TestEnvironment.uniqueName("amqp_unr_q")
        let publisher = publisher(Self.topology(exchange: exchange, queue: queue, key: "routed"))
        let batch = [
            Self.message("u-1", exchange: exchange, key: "routed"),
            Self.message("u-2", exchange: exchange, key: "nowhere"),
            Self.message("u-3", exchange: exchange, key: "routed"),
        ]
        let error = await Self.expectError(.unroutable) { try await publisher.publish(batch) }
        #expect(error?.failedMessageIDs == ["u-2"])
        #expect(error?.replyCode == 312)  // NO_ROUTE
        #expect(try await readyMessages(queue, expected: 2) == 2)
        #expect(await publisher.isConnected)
        await publisher.close()
        try await cleanUp(queues: [queue], exchanges: [exchange])
    }

    @Test func missingExchangeClosesTheChannelAndThePublisherRecovers() async throws {
        let queue = TestEnvironment.uniqueName("amqp_404_q")
        let publisher = publisher(AMQPTopology(queues: [Self.quorumQueue(queue)]))
        let missing = TestEnvironment.uniqueName("amqp_missing_x")
        let error = await Self.expectError(.channelClosed) {
            try await publisher.publish([Self.message("x-1", exchange: missing, key: "k")])
        }
        #expect(error?.replyCode == 404)
        #expect(error?.failedMessageIDs == ["x-1"])
        try await publisher.publish([Self.message("x-2", key: queue)])
        #expect(await publisher.isConnected)
        #expect(try await readyMessages(queue, expected: 1) == 1)
        await publisher.close()
        try await cleanUp(queues: [queue])
    }

    @Test func consumerReceivesNoMoreThanThePrefetchWithoutAcking() async throws {
        let queue = TestEnvironment.uniqueName("amqp_qos_q")
        let topology = AMQPTopology(queues: [Self.quorumQueue(queue)])
        let publisher = publisher(topology)
        try await publisher.publish((0..<20).map { Self.message("p-\($0)", key: queue) })
        let consumer = consumer(topology, queue: queue, prefetch: 5)
        let received = try await drain(consumer, quiet: .milliseconds(700))
        #expect(received.count == 5)
        #expect(try await readyMessages(queue, expected: 15) == 15)
        await consumer.close()
        await publisher.close()
        try await cleanUp(queues: [queue])
    }

    @Test func rejectedMessageIsDroppedAndUnackedOneComesBackRedelivered() async throws {
        let queue = TestEnvironment.uniqueName("amqp_rej_q")
        let topology = AMQPTopology(queues: [Self.quorumQueue(queue)])
        let publisher = publisher(topology)
        try await publisher.publish([Self.message("r-1", key: queue), Self.message("r-2", key: queue)])
        let first = consumer(topology, queue: queue)
        let received = try await drain(first)
        #expect(received.map(\.messageID) == ["r-1", "r-2"])
        try await first.reject(received[0], requeue: false)
        await first.close()  // r-2 was never acked

        let second = consumer(topology, queue: queue)
        let again = try await drain(second)
        #expect(again.map(\.messageID) == ["r-2"])
        #expect(again.first?.redelivered == true)
        try await second.ack(again[0])
        await second.close()
        #expect(try await readyMessages(queue, expected: 0) == 0)
        await publisher.close()
        try await cleanUp(queues: [queue])
    }

    @Test func lostAckRedeliversAndAStaleGenerationAckIsANoOp() async throws {
        let queue = TestEnvironment.uniqueName("amqp_gen_q")
        let topology = AMQPTopology(queues: [Self.quorumQueue(queue)])
        let publisher = publisher(topology)
        try await publisher.publish([Self.message("g-1", key: queue)])
        let faults = AMQPFaultInjector()
        let consumer = consumer(topology, queue: queue, faults: faults)
        let original = try #require(try await consumer.next(timeout: .seconds(5)))
        faults.arm(.ackLost)
        try await consumer.ack(original)  // not sent; the connection is closed
        #expect(await !consumer.isConnected)

        let redelivered = try #require(try await consumer.next(timeout: .seconds(5)))
        #expect(redelivered.messageID == "g-1" && redelivered.redelivered)
        #expect(redelivered.generation == original.generation + 1)
        #expect(redelivered.deliveryTag == original.deliveryTag)  // same tag number, other connection
        try await consumer.ack(original)  // stale: must not ack the redelivery
        await consumer.close()

        let check = self.consumer(topology, queue: queue)
        let third = try #require(try await check.next(timeout: .seconds(5)))
        #expect(third.messageID == "g-1")
        try await check.ack(third)
        await check.close()
        await publisher.close()
        try await cleanUp(queues: [queue])
    }

    @Test func lostConfirmTimesOutButTheMessageWasDelivered() async throws {
        let queue = TestEnvironment.uniqueName("amqp_cl_q")
        let faults = AMQPFaultInjector()
        let publisher = publisher(AMQPTopology(queues: [Self.quorumQueue(queue)]), faults: faults)
        faults.arm(.confirmLost)
        let error = await Self.expectError(.confirmTimeout) {
            try await publisher.publish(
                [Self.message("c-1", key: queue), Self.message("c-2", key: queue)], confirmTimeout: .milliseconds(500))
        }
        #expect(error?.failedMessageIDs == ["c-1"])
        #expect(try await readyMessages(queue, expected: 2) == 2)
        try await publisher.publish([Self.message("c-3", key: queue)])  // the retry path works
        #expect(try await readyMessages(queue, expected: 3) == 3)
        await publisher.close()
        try await cleanUp(queues: [queue])
    }

    @Test func droppedConnectionAfterPublishIsReportedAndTheNextPublishReconnects() async throws {
        let queue = TestEnvironment.uniqueName("amqp_drop_q")
        let faults = AMQPFaultInjector()
        let publisher = publisher(AMQPTopology(queues: [Self.quorumQueue(queue)]), faults: faults)
        try await publisher.connect()
        faults.arm(.connectionDropsAfterPublish)
        let error = await Self.expectError(.connectionLost) {
            try await publisher.publish([Self.message("d-1", key: queue)])
        }
        #expect(error?.failedMessageIDs == ["d-1"])
        #expect(await !publisher.isConnected)
        try await publisher.publish([Self.message("d-2", key: queue)])
        #expect(await publisher.isConnected)
        #expect(try await admin.queueStatus(queue).messages >= 1)
        await publisher.close()
        try await cleanUp(queues: [queue])
    }
}

extension AMQPAdapterTests {
    /// Runs `scripts/infra.sh restart-rabbitmq` (about 20 s) without blocking a cooperative thread.
    /// Polls `waitpid` itself: in this test process Foundation's `terminationHandler` was seen never
    /// to fire (the child stayed a zombie), which hung the test.
    static func restartBroker() async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["scripts/infra.sh", "restart-rabbitmq"]
        process.currentDirectoryURL = TestEnvironment.repositoryRoot
        try process.run()
        let pid = process.processIdentifier
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return (status >> 8) & 0xff }  // WEXITSTATUS
            if result < 0 { return process.isRunning ? -1 : process.terminationStatus }  // reaped elsewhere
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Calls `attempt` until it succeeds, backing off in between (at most `within`).
    static func retrying(within: Duration = .seconds(60), _ attempt: () async throws(AMQPError) -> Void) async throws {
        var backoff = Backoff(initial: .milliseconds(200), max: .seconds(2))
        let deadline = ContinuousClock.now + within
        while true {
            do {
                try await attempt()
                return
            } catch {
                guard ContinuousClock.now < deadline else { throw error }
                try await Task.sleep(for: backoff.next())
            }
        }
    }

    // Keep last: restarts the broker.
    @Test func brokerRestartIsDetectedAndBothSidesReconnectToTheDurableQuorumQueue() async throws {
        let queue = TestEnvironment.uniqueName("amqp_restart_q")
        let topology = AMQPTopology(queues: [Self.quorumQueue(queue)])
        let publisher = publisher(topology)
        let consumer = consumer(topology, queue: queue, prefetch: 1)
        try await publisher.publish((1...3).map { Self.message("s-\($0)", key: queue) })
        let unacked = try #require(try await consumer.next(timeout: .seconds(5)))  // held, never acked

        #expect(try await Self.restartBroker() == 0)

        await publisher.keepAlive()
        #expect(await !publisher.isConnected)
        await #expect(throws: AMQPError.self) { _ = try await consumer.next(timeout: .seconds(2)) }
        #expect(await !consumer.isConnected)

        try await Self.retrying { () throws(AMQPError) in try await publisher.connect() }
        try await Self.retrying { () throws(AMQPError) in try await consumer.connect() }
        try await publisher.publish([Self.message("s-4", key: queue)])

        var seen: [String: AMQPDelivery] = [:]
        while let delivery = try await consumer.next(timeout: .seconds(2)) {
            seen[delivery.messageID ?? "?"] = delivery
            try await consumer.ack(delivery)
        }
        #expect(seen.keys.sorted() == ["s-1", "s-2", "s-3", "s-4"])
        #expect(seen[unacked.messageID ?? ""]?.redelivered == true)
        #expect(try await readyMessages(queue, expected: 0) == 0)
        await consumer.close()
        await publisher.close()
        try await cleanUp(queues: [queue])
    }
}
