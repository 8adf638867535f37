import Foundation
import Logging
import O2CAMQP
import O2CContracts
import O2CPostgres

extension MessageConsumer {
    enum Outcome: String { case handled, duplicate }

    /// What the worker still owes the broker for a delivery once `process` returns.
    enum Settlement { case ackOwed, settled }

    /// Handles one delivery to its end: committed (its ack owed to the caller, which may batch it),
    /// retried later, or parked. Returns without either only when shutting down while the database is
    /// away (the broker then redelivers it).
    func process(_ delivery: AMQPDelivery, consumer: AMQPConsumer, publisher: AMQPPublisher, logger: Logger) async -> Settlement {
        let started = ContinuousClock.now
        var logger = logger
        let verdict = producerCheck.verdict(for: delivery)
        let routingKey = verdict.routingKey
        logger[metadataKey: "message.id"] = "\(delivery.messageID ?? "-")"
        logger[metadataKey: "correlation_id"] = "\(delivery.correlationID ?? "-")"
        logger[metadataKey: "message.routing_key"] = "\(routingKey)"
        logger[metadataKey: "message.user_id"] = "\(delivery.userID ?? "-")"
        let attempt = attempt(of: delivery)
        // Metric labels from a closed set: a routing key no handler serves (a sender's junk) is `unknown`,
        // so that junk cannot grow /metrics by one series per key.
        let metricKey = handlers[routingKey] == nil ? "unknown" : routingKey
        if delivery.redelivered { MessagingMetrics.redelivered(service: service, routingKey: metricKey) }
        let forward = Forwarding(
            delivery: delivery, routingKey: routingKey, producer: verdict.producer, metricKey: metricKey, attempt: attempt)

        guard let messageID = delivery.messageID, !messageID.isEmpty else {
            return await park(
                forward, .poison, reason: "undecodable message: no message_id property",
                consumer: consumer, publisher: publisher, logger: logger)
        }
        let producer: String
        switch verdict {
        case .refused(_, _, let reason):
            return await park(forward, .unverified, reason: reason, consumer: consumer, publisher: publisher, logger: logger)
        case .accepted(_, let vouched): producer = vouched
        }
        guard let handler = handlers[routingKey] else {
            return await park(
                forward, .poison, reason: "undecodable message: no handler for routing key \(routingKey)",
                consumer: consumer, publisher: publisher, logger: logger)
        }
        let message = IncomingMessage(
            messageID: messageID, routingKey: routingKey, correlationID: delivery.correlationID,
            causationID: delivery.headers[MessageHeaders.causationID]?.stringValue,
            producer: producer, timestamp: delivery.timestamp,
            body: delivery.body, attempt: attempt)

        var backoff = Backoff(initial: .milliseconds(50), max: .seconds(5))
        var early = Self.earlyRetries.makeIterator()
        while true {
            do {
                let outcome = try await handleOnce(message, handler: handler, logger: logger)
                MessagingMetrics.consumed(service: service, routingKey: metricKey, outcome: outcome.rawValue)
                MessagingMetrics.processingDuration(service: service, nanoseconds: (ContinuousClock.now - started).nanoseconds)
                logger.debug("message \(outcome.rawValue)")
                return .ackOwed
            } catch let error as PostgresError where error.isUnavailable || error.isBusy {
                // Not the message's fault (the database is away, or a lock or a connection was not free in
                // time). Hold it and try again, however long it takes: the worker's keep-alive task serves
                // the broker's heartbeats meanwhile, so the broker neither drops the connection nor
                // redelivers, and nothing counts toward the delivery limit. If the broker connection breaks
                // anyway (network, broker restart), keep holding: the broker has requeued what this worker
                // had (one delivery counted each), and the worker subscribes again only once the database
                // is back. The count an outage adds is thus bounded by the number of workers, never by its
                // length. The ack on the dead connection is skipped and the redelivery is a duplicate. If
                // the commit did happen, the inbox row makes the next try a duplicate.
                if isStopping { return .settled }
                let delay = backoff.next()
                logger.warning("database unavailable; holding message", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                await ServiceLoop.pause(delay)
            } catch let error as any ArrivedEarly {
                // What it waits for is most likely in another worker's transaction right now.
                guard let delay = early.next(), !isStopping else {
                    return await retryOrPark(forward, error: error, consumer: consumer, publisher: publisher, logger: logger)
                }
                logger.info("message arrived early; trying again shortly", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                await ServiceLoop.pause(delay)
            } catch MessagingError.undecodable(let reason) {
                return await park(
                    forward, .poison, reason: "undecodable message: \(reason)", consumer: consumer, publisher: publisher, logger: logger)
            } catch let violation as RuleViolation where violation.code == .validationFailed || violation.code == .invoiceMismatch {
                // The content is out of bounds (an amount, a quantity, a date), or a payment names an invoice finance
                // did not issue for that order and kind: retrying cannot fix it.
                return await park(
                    forward, .refused, reason: "refused: \(violation)", consumer: consumer, publisher: publisher, logger: logger)
            } catch let error as MoneyError {
                return await park(forward, .refused, reason: "refused: \(error)", consumer: consumer, publisher: publisher, logger: logger)
            } catch {
                return await retryOrPark(forward, error: error, consumer: consumer, publisher: publisher, logger: logger)
            }
        }
    }

    /// The in-process tries of a message that arrived early (``ArrivedEarly``), about 0.4 s in all, before
    /// the delay tiers.
    static let earlyRetries: [Duration] = [.milliseconds(10), .milliseconds(30), .milliseconds(60), .milliseconds(120), .milliseconds(200)]

    /// One transaction: inbox row, handler, outbox rows.
    private func handleOnce(_ message: IncomingMessage, handler: MessageHandler, logger: Logger) async throws -> Outcome {
        try await pool.transaction { connection in
            let inserted = try await connection.query(
                "insert into \(identifier: self.outbox.schema).inbox (message_id, routing_key) values (\(message.messageID), \(message.routingKey)) on conflict do nothing"
            )
            guard inserted.affectedRows == 1 else { return .duplicate }
            let context = MessageContext(
                message: message, connection: connection, outbox: self.outbox, now: self.clock.now(), logger: logger)
            try await handler.handle(context)
            return .handled
        }
    }

    private var isStopping: Bool { ServiceLoop.shouldStop }

    /// What a forwarded copy (to a retry tier or the parked queue) is made from.
    struct Forwarding {
        var delivery: AMQPDelivery
        /// The key of the original publish on `o2c.events` and the producer vouched for then, as the
        /// producer check derived them.
        var routingKey: String
        var producer: String?
        var metricKey: String
        var attempt: Int
    }

    private func retryOrPark(
        _ forward: Forwarding, error: any Error, consumer: AMQPConsumer, publisher: AMQPPublisher, logger: Logger
    ) async -> Settlement {
        guard let retryQueue = topology.retryQueue(forAttempt: forward.attempt) else {
            return await park(
                forward, .exhausted, reason: "handler failed \(forward.attempt) times; last error: \(error)",
                consumer: consumer, publisher: publisher, logger: logger)
        }
        logger.warning("handler failed; retrying later", metadata: ["error": "\(error)", "retry.queue": "\(retryQueue)"])
        var copy = forwardedCopy(forward, to: retryQueue)
        copy.headers[MessageHeaders.attempt] = .int(Int64(forward.attempt + 1))
        await send(copy, delivery: forward.delivery, consumer: consumer, publisher: publisher, logger: logger)
        MessagingMetrics.retried(service: service, routingKey: forward.metricKey)
        return .settled
    }

    /// Forwards a copy to the parked queue and settles the original (acked, or requeued when the copy
    /// cannot be confirmed).
    @discardableResult
    func park(
        _ forward: Forwarding, _ kind: ParkedKind, reason: String, consumer: AMQPConsumer, publisher: AMQPPublisher, logger: Logger
    ) async -> Settlement {
        logger.error(
            "message parked",
            metadata: ["reason": "\(reason)", "parked.kind": "\(kind.rawValue)", "parked.queue": "\(topology.parkedQueue)"])
        var copy = forwardedCopy(forward, to: topology.parkedQueue)
        copy.headers[MessageHeaders.parkedReason] = .string(reason)
        copy.headers[MessageHeaders.parkedKind] = .string(kind.rawValue)
        copy.headers[MessageHeaders.parkedFrom] = .string(topology.queue)
        copy.headers[MessageHeaders.parkedAt] = .string(ISO8601DateFormatter().string(from: clock.now()))
        copy.headers[MessageHeaders.attempt] = .int(Int64(forward.attempt))
        await send(copy, delivery: forward.delivery, consumer: consumer, publisher: publisher, logger: logger)
        MessagingMetrics.parked(service: service, routingKey: forward.metricKey)
        return .settled
    }

    /// Publishes the copy with a confirm, then acks the original. A copy the target queue refuses because
    /// it is full (its length bound, `reject-publish`) is held here and offered again with backoff: old
    /// messages are never dropped to make room, and the original stays unacknowledged meanwhile. Any other
    /// failure requeues the original, so the message is never lost between the two queues.
    private func send(
        _ copy: AMQPOutgoingMessage, delivery: AMQPDelivery, consumer: AMQPConsumer, publisher: AMQPPublisher, logger: Logger
    ) async {
        var backoff = Backoff(initial: .milliseconds(200), max: .seconds(5))
        while true {
            do {
                try await publisher.publish([copy])
                queueFull(copy.routingKey, false)
                try await consumer.ack(delivery)
                return
            } catch let error as AMQPError where error.code == .nacked && !isStopping {
                if queueFull(copy.routingKey, true) {
                    MessagingMetrics.queueFull(service: service, queue: topology.kind(of: copy.routingKey))
                    logger.error("queue full; holding the message", metadata: ["queue": "\(copy.routingKey)"])
                }
                await ServiceLoop.pause(backoff.next())
            } catch {
                logger.warning("could not forward message; requeued", metadata: ["error": "\(error)"])
                try? await consumer.reject(delivery, requeue: true)
                return
            }
        }
    }

    /// The copy this service forwards: published as itself (its `user_id`) on its own forward exchange,
    /// carrying the original key and the producer it verified, so the check on the way back can trust them.
    func forwardedCopy(_ forward: Forwarding, to queue: String) -> AMQPOutgoingMessage {
        let delivery = forward.delivery
        var headers = delivery.headers
        for name in headers.keys where name == "x-death" || name.hasPrefix("x-first-death-") || name.hasPrefix("x-last-death-") {
            headers[name] = nil
        }
        headers[MessageHeaders.originalRoutingKey] = .string(forward.routingKey)
        headers[MessageHeaders.originalExchange] = .string(MessageHeaders.eventsExchange)
        headers[MessageHeaders.verifiedProducer] = forward.producer.map(AMQPFieldValue.string)
        return AMQPOutgoingMessage(
            exchange: topology.forwardExchange, routingKey: queue, body: delivery.body,
            messageID: delivery.messageID ?? UUID().uuidString.lowercased(), correlationID: delivery.correlationID,
            type: delivery.type, timestamp: delivery.timestamp ?? Date(), contentType: delivery.contentType ?? "application/json",
            headers: headers)
    }

    /// 1 on a first delivery and on a replay from the parked queue (which the broker dead-letters back
    /// with the headers it was parked with); else the count a retry copy carries.
    func attempt(of delivery: AMQPDelivery) -> Int {
        let latestDeath = delivery.headers["x-death"]?.arrayValue?.first?.tableValue
        if latestDeath?["queue"]?.stringValue == topology.parkedQueue { return 1 }
        if case .int(let n)? = delivery.headers[MessageHeaders.attempt] { return max(1, Int(clamping: n)) }
        return 1
    }
}

extension AMQPFieldValue {
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
