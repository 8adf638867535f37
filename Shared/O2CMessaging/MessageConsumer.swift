import Foundation
import Logging
import O2CAMQP
import O2CContracts
import O2CPostgres
import ServiceLifecycle
import Synchronization

/// Consumes a service's queue with manual acks and runs each message's handler exactly once in effect:
/// the inbox row (keyed on `message_id`), the handler's state changes and its outbox rows commit in one
/// transaction, and the delivery is acknowledged only after that commit. A redelivered message finds
/// its inbox row and is acknowledged without running again.
///
/// A message is handled only when the broker vouches for its producer (`ProducerCheck`: its `user_id` is
/// the service its routing key names); anything else is parked as `unauthorised_producer`. A handler that
/// throws is retried on the delay tiers, then parked with the reason; a message that cannot be decoded is
/// parked at once. Retry and parked copies are published as this service, on its own forward exchange. When the database itself is unreachable the message is not a
/// failure: the consumer holds it and retries the transaction until the database is back.
package final class MessageConsumer: Service, Sendable {
    package struct Settings: Sendable {
        package var prefetch: UInt16 = 20
        /// Parallel consumers (each its own AMQP connection) in this process.
        package var concurrency = 2
        package init() {}
    }

    let service: String
    let topology: ServiceTopology
    let amqp: AMQPConfiguration
    let pool: PostgresPool
    let outbox: Outbox
    let handlers: [String: MessageHandler]
    let clock: ServiceClock
    let settings: Settings
    let logger: Logger
    let faults: AMQPFaultInjector?
    let producerCheck: ProducerCheck
    private let connectedWorkers = Atomic<Int>(0)
    private let fullQueues = Mutex<Set<String>>([])

    package init(
        service: String, topology: ServiceTopology, amqp: AMQPConfiguration, pool: PostgresPool, schema: String,
        handlers: [MessageHandler], clock: ServiceClock, settings: Settings = Settings(), faults: AMQPFaultInjector? = nil,
        producers: ProducerIdentity = .services, logger: Logger
    ) {
        self.service = service
        self.topology = topology
        self.amqp = amqp
        self.pool = pool
        self.outbox = Outbox(schema: schema)
        self.handlers = Dictionary(handlers.map { ($0.routingKey, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
        self.settings = settings
        self.faults = faults
        self.producerCheck = ProducerCheck(ownUser: amqp.user, identity: producers)
        self.logger = logger
    }

    /// True while every worker has a live broker connection (for `/health/ready`).
    package var isConnected: Bool { connectedWorkers.load(ordering: .relaxed) == settings.concurrency }

    /// The retry and parked queues that refused this service's last copy because they are full (their
    /// length bound); the messages meant for them are held unacknowledged until there is room.
    package var queuesFull: [String] { fullQueues.withLock { $0.sorted() } }

    /// Records whether `queue` refused the last copy; true when that is news (it was not full before).
    @discardableResult
    func queueFull(_ queue: String, _ full: Bool) -> Bool {
        fullQueues.withLock { full ? $0.insert(queue).inserted : $0.remove(queue) != nil }
    }

    package func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<settings.concurrency {
                group.addTask { await self.work(worker) }
            }
        }
    }

    private func work(_ worker: Int) async {
        var logger = self.logger
        logger[metadataKey: "consumer.worker"] = "\(worker)"
        let topology = self.topology.amqpTopology
        let consumer = AMQPConsumer(
            configuration: amqp, topology: topology, queue: self.topology.queue, prefetch: settings.prefetch,
            logger: logger, faults: faults)
        let publisher = AMQPPublisher(configuration: amqp, topology: topology, logger: logger, faults: faults)
        // librabbitmq serves heartbeats only inside its own calls. While `consume` is busy with a
        // message (a handler runs, or the database is away and the message is held), nothing reads the
        // consumer's connection; this task does, so the broker keeps it, does not redeliver what is held
        // and so counts nothing toward the delivery limit. It services the worker's publisher too,
        // which is idle until a retry or a park needs it.
        let interval = amqp.keepAliveInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    await consumer.keepAlive()
                    await publisher.keepAlive()
                    try? await Task.sleep(for: interval)
                }
            }
            await self.consume(consumer: consumer, publisher: publisher, logger: logger)
            group.cancelAll()
        }
        await consumer.close()
        await publisher.close()
    }

    /// Takes deliveries one at a time until the service stops, reconnecting with backoff.
    ///
    /// Acks are deferred while more deliveries are waiting: a handled message's ack is owed until the
    /// worker finds nothing more to take at once, or owes `prefetch / 2` of them, and is then sent as one
    /// multiple ack (one frame and one settlement in the quorum queue instead of one per message). A crash
    /// before it only redelivers messages whose transaction has committed: the inbox turns them into
    /// duplicates. Retried, parked and requeued deliveries are settled one by one as before; a multiple
    /// ack never covers them (it acks only deliveries still outstanding).
    private func consume(consumer: AMQPConsumer, publisher: AMQPPublisher, logger: Logger) async {
        var connected = false
        var backoff = Backoff()
        var owed = OwedAcks(limit: max(1, Int(settings.prefetch) / 2))
        while !ServiceLoop.shouldStop {
            do {
                if !connected {
                    try await consumer.connect()
                    connected = true
                    connectedWorkers.add(1, ordering: .relaxed)
                    logger.info("consuming", metadata: ["queue": "\(self.topology.queue)"])
                }
                guard let delivery = try await consumer.next(timeout: owed.isEmpty ? .milliseconds(250) : .zero) else {
                    try await owed.settle(on: consumer)
                    continue
                }
                backoff.reset()
                if await process(delivery, consumer: consumer, publisher: publisher, logger: logger) == .ackOwed {
                    if owed.add(delivery) { try await owed.settle(on: consumer) }
                }
            } catch {
                owed.forget()  // the broker requeues what the lost connection had; the inbox makes them duplicates
                if connected {
                    connected = false
                    connectedWorkers.subtract(1, ordering: .relaxed)
                }
                let delay = backoff.next()
                logger.warning("consumer lost the broker; reconnecting", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                await ServiceLoop.pause(delay)
            }
        }
        // Graceful shutdown: no new deliveries; what was handled is acked.
        do { try await owed.settle(on: consumer) } catch {
            logger.warning("final ack failed; the messages will be redelivered", metadata: ["error": "\(error)"])
        }
        await consumer.cancel()
        if connected { connectedWorkers.subtract(1, ordering: .relaxed) }
    }
}

/// The handled deliveries of one worker whose ack has not been sent yet: only the latest matters (a
/// multiple ack up to it covers the others).
struct OwedAcks {
    let limit: Int
    private var latest: AMQPDelivery?
    private var count = 0

    init(limit: Int) { self.limit = limit }

    var isEmpty: Bool { latest == nil }

    /// Owes `delivery`'s ack; true when the worker should settle now.
    mutating func add(_ delivery: AMQPDelivery) -> Bool {
        latest = delivery
        count += 1
        return count >= limit
    }

    /// Sends the one multiple ack that settles everything owed.
    mutating func settle(on consumer: AMQPConsumer) async throws(AMQPError) {
        guard let latest else { return }
        let multiple = count > 1
        forget()
        try await consumer.ack(latest, multiple: multiple)
    }

    mutating func forget() {
        latest = nil
        count = 0
    }
}
