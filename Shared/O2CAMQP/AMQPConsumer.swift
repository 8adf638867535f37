import CAMQP
import Logging
import O2CThreads

/// One connection + channel consuming one queue with manual acks and a prefetch (basic.qos).
///
/// Each connection gets a new `generation`; a delivery's tag is only acked on the connection it came
/// from. Connects lazily in `next` and again after a connection loss; callers back off between
/// failed attempts (`Backoff`).
package actor AMQPConsumer {
    let configuration: AMQPConfiguration
    let topology: AMQPTopology
    let queue: String
    let prefetch: UInt16
    let logger: Logger
    let faults: AMQPFaultInjector?
    let executor: DedicatedThreadExecutor
    var connection: AMQPConnection?
    /// Where the next connection attempt starts among the configured brokers: a random one at first (so
    /// that the instances of a service spread over a cluster's nodes), the next one after a loss.
    private var nextEndpoint: Int
    /// Bumped by every successful `connect`; stamped on each delivery.
    package private(set) var generation: UInt64 = 0
    var consumerTag: [UInt8]?
    var closed = false
    /// Deliveries `keepAlive` read while nobody was in `next`, all from the current connection.
    var buffered: [AMQPDelivery] = []

    package nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    package init(
        configuration: AMQPConfiguration, topology: AMQPTopology, queue: String, prefetch: UInt16,
        logger: Logger, faults: AMQPFaultInjector? = nil
    ) {
        self.configuration = configuration
        self.topology = topology
        self.queue = queue
        self.prefetch = prefetch
        var logger = logger
        logger[metadataKey: "amqp.queue"] = "\(queue)"
        self.logger = logger
        self.faults = faults
        self.nextEndpoint = Int.random(in: configuration.endpoints.indices)
        self.executor = DedicatedThreadExecutor(name: "amqp-sub-\(queue)")
    }

    deinit { executor.shutdown() }

    package var isConnected: Bool { connection?.isUsable ?? false }

    /// The broker (`host:port`) the consumer is connected to, nil while it is not.
    package var endpoint: String? { connection.flatMap { $0.isUsable ? "\($0.endpoint)" : nil } }

    /// Connects, declares the topology, sets the prefetch and starts consuming (manual ack).
    /// No-op when connected. Bumps `generation`.
    package func connect() async throws(AMQPError) {
        _ = try ensureConnected()
    }

    func ensureConnected() throws(AMQPError) -> AMQPConnection {
        guard !closed else { throw AMQPError(code: .connectionFailed, message: "the consumer is closed") }
        if let connection, connection.isUsable { return connection }
        // Deliveries of a closed channel are requeued by the broker: start on a fresh connection, on the
        // next broker of a cluster when this one went away.
        if let lost = connection { nextEndpoint = configuration.index(after: lost.endpoint) }
        connection?.drop()
        connection = nil
        buffered.removeAll()
        let (connection, index) = try AMQPConnection.openFirstAvailable(configuration, startingAt: nextEndpoint, logger: logger)
        nextEndpoint = index
        do throws(AMQPError) {
            try connection.openChannel(confirm: false)
            try connection.declare(topology)
            let state = connection.state!
            amqp_basic_qos(state, connection.channel, 0, prefetch, 0)
            try connection.check(amqp_get_rpc_reply(state), "basic.qos \(prefetch)")
            let ok = CArena.scoped { arena in
                amqp_basic_consume(
                    state, connection.channel, arena.bytes(queue), amqp_bytes_t(len: 0, bytes: nil), 0, 0, 0,
                    amqp_table_t(num_entries: 0, entries: nil))
            }
            try connection.check(amqp_get_rpc_reply(state), "basic.consume on '\(queue)'")
            consumerTag = ok.map { [UInt8](amqpBytes: $0.pointee.consumer_tag) }
        } catch {
            if !connection.isOpen { nextEndpoint = configuration.index(after: connection.endpoint) }
            connection.close()
            throw error.code == .connectionLost ? error.withCode(.connectionFailed) : error
        }
        self.connection = connection
        generation += 1
        logger.info(
            "AMQP consumer connected",
            metadata: ["amqp.endpoint": "\(connection.endpoint)", "amqp.generation": "\(generation)", "amqp.prefetch": "\(prefetch)"])
        return connection
    }

    /// The next delivery, or `nil` when none arrives within `timeout` (or the task is cancelled, or the
    /// consumer is closed meanwhile). Deliveries `keepAlive` read come first, in order.
    /// Heartbeats are served while waiting. Connects first when needed. On a connection loss the
    /// connection is closed and `.connectionLost` thrown; the next call reconnects.
    package func next(timeout: Duration) async throws(AMQPError) -> AMQPDelivery? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if closed { return nil }  // closed while this call was waiting between slices
            if !buffered.isEmpty { return buffered.removeFirst() }
            let connection = try ensureConnected()
            let slice = min(max(deadline - .now, .zero), .milliseconds(250))
            if let delivery = try receive(on: connection, timeout: slice) { return delivery }
            if ContinuousClock.now >= deadline || Task.isCancelled { return nil }
            await Task.yield()  // let queued acks, keep-alives, cancel or close run between slices
        }
    }

    /// Services the connection while nobody is waiting in `next` (a handler runs, or waits for the
    /// database): librabbitmq sends and checks heartbeats only inside its own calls, so a connection
    /// left unread goes silent and the broker drops it, redelivering everything unacked. Reads what has
    /// arrived (at most ~1 ms of waiting); deliveries, up to the prefetch, wait in order for `next`.
    /// Never connects. A broken connection is dropped, as in `next`.
    package func keepAlive() async {
        guard !closed, let connection, connection.isUsable else { return }
        do throws(AMQPError) {
            // A positive timeout, however short, lets librabbitmq notice a broker that went quiet.
            while buffered.count < Int(prefetch), let delivery = try receive(on: connection, timeout: .milliseconds(1)) {
                buffered.append(delivery)
            }
        } catch {
            lost(error)
        }
    }

    /// One delivery, or `nil` when none came within `timeout` or a frame that is not a delivery was
    /// handled instead. A failure ends the connection (`lost`) and is thrown.
    private func receive(on connection: AMQPConnection, timeout: Duration) throws(AMQPError) -> AMQPDelivery? {
        guard let state = connection.state else { throw AMQPConnection.notConnected }
        connection.releaseBuffers()
        var envelope = amqp_envelope_t()
        var tv = timeval(timeout)
        let reply = amqp_consume_message(state, &envelope, &tv, 0)
        if reply.reply_type == AMQP_RESPONSE_NORMAL {
            defer { amqp_destroy_envelope(&envelope) }
            return AMQPDelivery(envelope: envelope, generation: generation)
        }
        do throws(AMQPError) {
            if reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION
                && reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue
            {
                // Not a delivery: read the frame, as librabbitmq's examples do.
                if let frame = try connection.waitFrame(timeout: .seconds(1)) {
                    try connection.handleStrayFrame(frame, "consuming from '\(queue)'")
                }
            } else if !(reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION
                && reply.library_error == AMQP_STATUS_TIMEOUT.rawValue)
            {
                try connection.check(reply, "consuming from '\(queue)'")
            }
        } catch {
            lost(error)
            throw error
        }
        return nil
    }

    /// Forgets a connection that failed (a closed channel takes the subscription with it), and the
    /// deliveries read on it: the broker requeues them.
    func lost(_ error: AMQPError) {
        logger.warning("AMQP consumer connection lost", metadata: ["amqp.error": "\(error)"])
        connection?.drop()
        connection = nil
        buffered.removeAll()
    }
}
