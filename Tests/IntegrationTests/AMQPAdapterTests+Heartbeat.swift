import Foundation
import O2CAMQP
import Testing

/// Holding a delivery while a handler works: librabbitmq serves heartbeats only inside its own calls.
extension AMQPAdapterTests {
    /// A consumer at a 1 s heartbeat (the broker drops a connection silent for 2-3 intervals), prefetch 5.
    func holdingConsumer(_ topology: AMQPTopology, queue: String) -> AMQPConsumer {
        var configuration = configuration
        configuration.heartbeatSeconds = 1
        return AMQPConsumer(configuration: configuration, topology: topology, queue: queue, prefetch: 5, logger: logger)
    }

    @Test func heldDeliveryPastThreeHeartbeatsKeepsItsConnectionWhenKeptAlive() async throws {
        let queue = TestEnvironment.uniqueName("amqp_hb_q")
        let topology = AMQPTopology(queues: [Self.quorumQueue(queue)])
        let publisher = publisher(topology)
        try await publisher.publish((0..<5).map { Self.message("hb-\($0)", key: queue) })
        let consumer = holdingConsumer(topology, queue: queue)
        let held = try #require(try await consumer.next(timeout: .seconds(5)))
        let hold = ContinuousClock.now + .seconds(4)
        while ContinuousClock.now < hold {
            await consumer.keepAlive()
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(await consumer.isConnected)
        try await consumer.ack(held)
        let rest = try await drain(consumer)
        #expect(rest.map(\.messageID) == (1..<5).map { "hb-\($0)" }, "the deliveries read while holding come next, in order")
        #expect(rest.allSatisfy { !$0.redelivered && $0.generation == held.generation }, "on the same connection, none redelivered")
        for delivery in rest { try await consumer.ack(delivery) }
        #expect(try await readyMessages(queue, expected: 0) == 0)
        await consumer.close()
        #expect(try await readyMessages(queue, expected: 0) == 0, "all five acked, none requeued")
        await publisher.close()
        try await cleanUp(queues: [queue])
    }

    @Test func heldDeliveryPastThreeHeartbeatsWithoutKeepAliveLosesTheConnectionAndComesBack() async throws {
        let queue = TestEnvironment.uniqueName("amqp_hb_lost_q")
        let topology = AMQPTopology(queues: [Self.quorumQueue(queue)])
        let publisher = publisher(topology)
        try await publisher.publish([Self.message("hb-lost", key: queue)])
        let consumer = holdingConsumer(topology, queue: queue)
        let held = try #require(try await consumer.next(timeout: .seconds(5)))
        try await Task.sleep(for: .seconds(4))  // nobody reads the connection
        let lost = await Self.expectError(.connectionLost) { _ = try await consumer.next(timeout: .seconds(3)) }
        #expect(lost != nil, "the broker dropped the silent connection")
        let again = try #require(try await consumer.next(timeout: .seconds(5)))
        #expect(again.messageID == "hb-lost" && again.redelivered && again.generation == held.generation + 1)
        try await consumer.ack(again)
        await consumer.close()
        await publisher.close()
        try await cleanUp(queues: [queue])
    }
}
