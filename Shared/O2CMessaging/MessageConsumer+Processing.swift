import Foundation
import Logging
import O2CAMQP
import O2CContracts
import O2CPostgres

extension MessageConsumer {
    enum Outcome: String { case handled, duplicate }

    /// Handles one delivery to its end: acked after commit, retried later, or parked. Returns without
    /// acking only when shutting down while the database is away (the broker then redelivers it).
    func process(_ delivery: AMQPDelivery, consumer: AMQPConsumer, publisher: AMQPPublisher, logger: Logger) async {
        let started = ContinuousClock.now
        var logger = logger
        let routingKey = Self.originalRoutingKey(of: delivery)
        logger[metadataKey: "message.id"] = "\(delivery.messageID ?? "-")"
        logger[metadataKey: "correlation_id"] = "\(delivery.correlationID ?? "-")"
        logger[metadataKey: "message.routing_key"] = "\(routingKey)"
        let attempt = Self.attempt(of: delivery)
        // Metric labels from a closed set: a routing key no handler serves (a sender's junk) is `unknown`,
        // so that junk cannot grow /metrics by one series per key.
        let metricKey = handlers[routingKey] == nil ? "unknown" : routingKey
        if delivery.redelivered { MessagingMetrics.redelivered(service: service, routingKey: metricKey) }

        guard let messageID = delivery.messageID, !messageID.isEmpty else {
            return await park(delivery, reason: "undecodable message: no message_id property", attempt: attempt,
                              consumer: consumer, publisher: publisher, logger: logger)
        }
        guard let handler = handlers[routingKey] else {
            return await park(delivery, reason: "undecodable message: no handler for routing key \(routingKey)", attempt: attempt,
                              consumer: consumer, publisher: publisher, logger: logger)
        }
        let message = IncomingMessage(
            messageID: messageID, routingKey: routingKey, correlationID: delivery.correlationID,
            causationID: delivery.headers[MessageHeaders.causationID]?.stringValue,
            producer: delivery.headers[MessageHeaders.producer]?.stringValue, timestamp: delivery.timestamp,
            body: delivery.body, attempt: attempt)

        var backoff = Backoff(initial: .milliseconds(50), max: .seconds(5))
        while true {
            do {
                let outcome = try await handleOnce(message, handler: handler, logger: logger)
                try await consumer.ack(delivery)
                MessagingMetrics.consumed(service: service, routingKey: metricKey, outcome: outcome.rawValue)
                MessagingMetrics.processingDuration(service: service, nanoseconds: (ContinuousClock.now - started).nanoseconds)
                logger.debug("message \(outcome.rawValue)")
                return
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
                if isStopping { return }
                let delay = backoff.next()
                logger.warning("database unavailable; holding message", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                await ServiceLoop.pause(delay)
            } catch let error as AMQPError {
                // The ack could not be sent: the broker will redeliver and the inbox de-duplicates.
                logger.warning("ack failed; the message will be redelivered", metadata: ["error": "\(error)"])
                return
            } catch MessagingError.undecodable(let reason) {
                return await park(delivery, reason: "undecodable message: \(reason)", attempt: attempt,
                                  consumer: consumer, publisher: publisher, logger: logger)
            } catch let violation as RuleViolation where violation.code == .validationFailed || violation.code == .invoiceMismatch {
                // The content is out of bounds (an amount, a quantity, a date), or a payment names an invoice finance
                // did not issue for that order and kind: retrying cannot fix it.
                return await park(delivery, reason: "refused: \(violation)", attempt: attempt,
                                  consumer: consumer, publisher: publisher, logger: logger)
            } catch let error as MoneyError {
                return await park(delivery, reason: "refused: \(error)", attempt: attempt,
                                  consumer: consumer, publisher: publisher, logger: logger)
            } catch {
                return await retryOrPark(delivery, error: error, attempt: attempt, routingKey: routingKey,
                                         consumer: consumer, publisher: publisher, logger: logger)
            }
        }
    }

    /// One transaction: inbox row, handler, outbox rows.
    private func handleOnce(_ message: IncomingMessage, handler: MessageHandler, logger: Logger) async throws -> Outcome {
        try await pool.transaction { connection in
            let inserted = try await connection.query(
                "insert into \"\(self.outbox.schema)\".inbox (message_id, routing_key) values ($1, $2) on conflict do nothing",
                [message.messageID, message.routingKey])
            guard inserted.affectedRows == 1 else { return .duplicate }
            let context = MessageContext(
                message: message, connection: connection, outbox: self.outbox, now: self.clock.now(), logger: logger)
            try await handler.handle(context)
            return .handled
        }
    }

    private var isStopping: Bool { ServiceLoop.shouldStop }

    private func retryOrPark(
        _ delivery: AMQPDelivery, error: any Error, attempt: Int, routingKey: String,
        consumer: AMQPConsumer, publisher: AMQPPublisher, logger: Logger
    ) async {
        guard let retryQueue = topology.retryQueue(forAttempt: attempt) else {
            return await park(delivery, reason: "handler failed \(attempt) times; last error: \(error)", attempt: attempt,
                              consumer: consumer, publisher: publisher, logger: logger)
        }
        logger.warning("handler failed; retrying later", metadata: ["error": "\(error)", "retry.queue": "\(retryQueue)"])
        var copy = Self.republished(delivery, exchange: "", routingKey: retryQueue)
        copy.headers[MessageHeaders.attempt] = .int(Int64(attempt + 1))
        await forward(copy, delivery: delivery, consumer: consumer, publisher: publisher, logger: logger)
        MessagingMetrics.retried(service: service, routingKey: routingKey)
    }

    func park(
        _ delivery: AMQPDelivery, reason: String, attempt: Int, consumer: AMQPConsumer, publisher: AMQPPublisher, logger: Logger
    ) async {
        logger.error("message parked", metadata: ["reason": "\(reason)", "parked.queue": "\(topology.parkedQueue)"])
        var copy = Self.republished(delivery, exchange: "", routingKey: topology.parkedQueue)
        copy.headers[MessageHeaders.parkedReason] = .string(reason)
        copy.headers[MessageHeaders.parkedFrom] = .string(topology.queue)
        copy.headers[MessageHeaders.parkedAt] = .string(ISO8601DateFormatter().string(from: clock.now()))
        copy.headers[MessageHeaders.attempt] = .int(Int64(attempt))
        await forward(copy, delivery: delivery, consumer: consumer, publisher: publisher, logger: logger)
        let routingKey = Self.originalRoutingKey(of: delivery)
        MessagingMetrics.parked(service: service, routingKey: handlers[routingKey] == nil ? "unknown" : routingKey)
    }

    /// Publishes the copy with a confirm, then acks the original. If the copy cannot be confirmed the
    /// original is requeued, so the message is never lost between the two queues.
    private func forward(
        _ copy: AMQPOutgoingMessage, delivery: AMQPDelivery, consumer: AMQPConsumer, publisher: AMQPPublisher, logger: Logger
    ) async {
        do {
            try await publisher.publish([copy])
            try await consumer.ack(delivery)
        } catch {
            logger.warning("could not forward message; requeued", metadata: ["error": "\(error)"])
            try? await consumer.reject(delivery, requeue: true)
        }
    }

    static func republished(_ delivery: AMQPDelivery, exchange: String, routingKey: String) -> AMQPOutgoingMessage {
        var headers = delivery.headers
        if headers[MessageHeaders.originalRoutingKey] == nil {
            headers[MessageHeaders.originalRoutingKey] = .string(delivery.type ?? delivery.routingKey)
            headers[MessageHeaders.originalExchange] = .string(delivery.exchange)
        }
        return AMQPOutgoingMessage(
            exchange: exchange, routingKey: routingKey, body: delivery.body,
            messageID: delivery.messageID ?? UUID().uuidString.lowercased(), correlationID: delivery.correlationID,
            type: delivery.type, timestamp: delivery.timestamp ?? Date(), contentType: delivery.contentType ?? "application/json",
            headers: headers)
    }

    /// The key the message was first published with: its `type`, else the header a retry keeps, else
    /// the delivery's own key.
    static func originalRoutingKey(of delivery: AMQPDelivery) -> String {
        if let type = delivery.type, !type.isEmpty { return type }
        if let original = delivery.headers[MessageHeaders.originalRoutingKey]?.stringValue { return original }
        return delivery.routingKey
    }

    static func attempt(of delivery: AMQPDelivery) -> Int {
        if case .int(let n)? = delivery.headers[MessageHeaders.attempt] { return max(1, Int(n)) }
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
