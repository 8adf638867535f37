import CAMQP
import Logging
import O2CThreads

/// One connection + one channel in confirm mode, owned by an actor on its own thread.
///
/// Connects (and declares the topology) lazily on first use and again after any connection loss,
/// but never retries by itself: callers back off with `Backoff` between attempts.
package actor AMQPPublisher {
    private let configuration: AMQPConfiguration
    private let topology: AMQPTopology
    let logger: Logger
    private let faults: AMQPFaultInjector?
    let executor: DedicatedThreadExecutor
    var connection: AMQPConnection?
    /// Where the next connection attempt starts among the configured brokers: a random one at first, the
    /// next one after a connection was lost or given up.
    private var nextEndpoint: Int
    /// The delivery tag the broker will give the next publish on the current channel.
    private var nextDeliveryTag: UInt64 = 1
    var closed = false

    package nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    package init(
        configuration: AMQPConfiguration, topology: AMQPTopology, logger: Logger, faults: AMQPFaultInjector? = nil
    ) {
        self.configuration = configuration
        self.topology = topology
        var logger = logger
        logger[metadataKey: "amqp.connection"] = "\(configuration.connectionName)"
        self.logger = logger
        self.faults = faults
        self.nextEndpoint = Int.random(in: configuration.endpoints.indices)
        self.executor = DedicatedThreadExecutor(name: "amqp-pub-\(configuration.connectionName)")
    }

    deinit { executor.shutdown() }  // the connection frees its handle in its own deinit

    /// Connection and confirm channel are up (as far as the last operation could tell).
    package var isConnected: Bool { connection?.isUsable ?? false }

    /// The broker (`host:port`) the publisher is connected to, nil while it is not.
    package var endpoint: String? { connection.flatMap { $0.isUsable ? "\($0.endpoint)" : nil } }

    /// Connects, logs in, opens channel 1 in confirm mode and declares the topology. No-op when connected.
    package func connect() async throws(AMQPError) {
        _ = try ensureConnected()
    }

    private func ensureConnected() throws(AMQPError) -> AMQPConnection {
        guard !closed else { throw AMQPError(code: .connectionFailed, message: "the publisher is closed") }
        if let connection, connection.isUsable { return connection }
        let connection: AMQPConnection
        if let existing = self.connection, existing.isOpen {
            connection = existing  // the broker closed only the channel: reopen it
        } else {
            if let lost = self.connection { nextEndpoint = configuration.index(after: lost.endpoint) }
            let (opened, index) = try AMQPConnection.openFirstAvailable(configuration, startingAt: nextEndpoint, logger: logger)
            nextEndpoint = index
            connection = opened
            self.connection = connection
        }
        do throws(AMQPError) {
            try connection.openChannel(confirm: true)
        } catch {
            if !connection.isOpen { self.connection = nil }
            throw error.code == .connectionLost ? error.withCode(.connectionFailed) : error
        }
        nextDeliveryTag = 1
        do throws(AMQPError) {
            try connection.declare(topology)
        } catch {
            if !connection.isOpen { self.connection = nil }
            throw error.code == .connectionLost ? error.withCode(.connectionFailed) : error
        }
        logger.info("AMQP publisher connected", metadata: ["amqp.endpoint": "\(connection.endpoint)"])
        return connection
    }

    /// Publishes all messages (persistent, mandatory) then waits for every publisher confirm. Each carries
    /// the AMQP `user_id` of this publisher's broker user unless it names one itself (which the broker then
    /// refuses unless the user is an impersonator).
    ///
    /// Returns only when the broker acked every message and returned none. Otherwise throws with
    /// `failedMessageIDs`: `.unroutable` (basic.return), `.nacked`, `.confirmTimeout` (the message may
    /// still have been delivered; after a nack or a missing confirm the connection is closed and the next
    /// call reconnects); `.channelClosed` (e.g. 404, missing exchange: the next call reopens
    /// the channel); `.connectionLost` (the connection is closed; the next call reconnects).
    package func publish(_ messages: [AMQPOutgoingMessage], confirmTimeout: Duration = .seconds(10)) async throws(AMQPError) {
        guard !messages.isEmpty else { return }
        let connection = try ensureConnected()
        var tracker = ConfirmTracker(firstTag: nextDeliveryTag, messageIDs: messages.map(\.messageID))
        var timedOut = false
        do throws(AMQPError) {
            for var message in messages {
                if message.userID == nil { message.userID = configuration.user }
                if faults?.consume(.confirmLost) == true {
                    logger.warning("fault injected: confirm lost", metadata: ["message.id": "\(message.messageID)"])
                    tracker.ignoreConfirm(of: nextDeliveryTag)
                }
                try connection.publish(message)
                nextDeliveryTag += 1
            }
            if faults?.consume(.connectionDropsAfterPublish) == true {
                logger.warning("fault injected: connection dropped after publish")
                connection.shutdownSocket()
            }
            timedOut = try awaitConfirms(&tracker, on: connection, deadline: .now + confirmTimeout)
        } catch {
            if !connection.isOpen { self.connection = nil }
            throw error.withFailedMessageIDs(tracker.unsettledIDs)
        }
        connection.releaseBuffers()
        if let failure = tracker.failure(timedOut: timedOut) {
            logger.warning("AMQP publish not confirmed", metadata: ["amqp.error": "\(failure)"])
            if failure.code == .nacked || failure.code == .confirmTimeout {
                // A channel that nacks (a quorum queue met mid-election, a node going down) may go on
                // nacking everything, and a confirm that never came may never come: give the connection up,
                // so that the next publish is on a fresh one (the next broker of a cluster first).
                nextEndpoint = configuration.index(after: connection.endpoint)
                connection.close()
                self.connection = nil
            }
            throw failure
        }
    }

    /// Reads frames until every tag of the batch is settled; true when the deadline passed first.
    private func awaitConfirms(
        _ tracker: inout ConfirmTracker, on connection: AMQPConnection, deadline: ContinuousClock.Instant
    ) throws(AMQPError) -> Bool {
        while !tracker.isComplete {
            let remaining = deadline - .now
            guard remaining > .zero, let frame = try connection.waitFrame(timeout: remaining) else { return true }
            guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { continue }
            let method = frame.payload.method
            switch method.id {
            case AMQP_BASIC_ACK_METHOD:
                let ack = method.decoded!.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
                tracker.ack(ack.delivery_tag, multiple: ack.multiple != 0)
            case AMQP_BASIC_NACK_METHOD:
                let nack = method.decoded!.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
                tracker.nack(nack.delivery_tag, multiple: nack.multiple != 0)
            case AMQP_BASIC_RETURN_METHOD:
                let returned = method.decoded!.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
                let code = Int(returned.reply_code)
                let text = String(amqpBytes: returned.reply_text) ?? ""
                let id = try connection.readReturnedMessageID(channel: frame.channel)
                tracker.returned(messageID: id, replyCode: code, replyText: text)
            default:
                try connection.handleStrayFrame(frame, "waiting for publisher confirms")
            }
        }
        return false
    }
}
