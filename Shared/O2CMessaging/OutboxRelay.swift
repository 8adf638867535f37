import Foundation
import Logging
import O2CAMQP
import O2CPostgres
import ServiceLifecycle
import Synchronization

/// Publishes committed outbox rows to the broker, in id order, with publisher confirms, and marks them
/// sent. Wakes on the outbox trigger's NOTIFY and polls as a fallback.
///
/// The relay works on one connection of its own, the one that listens. Several instances of a service
/// may run a relay on the same outbox: the one that holds the outbox's session-level advisory lock on its
/// connection is the leader and the only one that drains, which keeps the publish order; the others try
/// to take the lock once per poll interval, so a leader that dies (its connection with it) is replaced
/// within about a second. A drain is two statements in autocommit, the select of unsent rows and the
/// update that marks them sent, and a row is marked sent only after the broker confirmed it, so a crash
/// between publish and update publishes it again (consumers de-duplicate on message id). A row the broker
/// refuses (unroutable, nacked) is kept with its error and tried again later with backoff, without
/// holding up the rows behind it. After a nack, a missing confirm or a lost connection the publisher's
/// connection is given up and the relay waits `reconnectDelay` before it connects again (to the next
/// node of a cluster first) and publishes what is still unconfirmed; the outbox connection and the lead
/// are kept through a broker failover.
package final class OutboxRelay: Service, Sendable {
    package struct Settings: Sendable {
        package var batchSize = 200
        package var pollInterval: Duration = .seconds(1)
        package var confirmTimeout: Duration = .seconds(10)
        /// The pause after the broker nacked, left a confirm out or dropped the connection, before the
        /// relay reconnects and publishes again what is unconfirmed: about a second, the time a cluster
        /// needs to elect a queue's new leader (reconnecting sooner can meet a channel that nacks on).
        package var reconnectDelay: Duration = .seconds(1)
        package init() {}
    }

    private let service: String
    private let schema: String
    private let listenConfiguration: PostgresConfiguration
    private let publisher: AMQPPublisher
    private let settings: Settings
    private let logger: Logger
    private let lastLagRecord = Mutex<ContinuousClock.Instant?>(nil)

    package init(
        service: String, schema: String, listenConfiguration: PostgresConfiguration, publisher: AMQPPublisher,
        settings: Settings = Settings(), logger: Logger
    ) {
        self.service = service
        self.schema = schema
        self.listenConfiguration = listenConfiguration
        self.publisher = publisher
        self.settings = settings
        self.logger = logger
    }

    package func run() async throws {
        var connection: PostgresConnection?
        var leading = false
        var backoff = Backoff()
        var brokerBackoff = Backoff(initial: settings.reconnectDelay, max: .seconds(10))
        while !ServiceLoop.shouldStop {
            do {
                let healthy = await connection?.isHealthy ?? false
                if !healthy {
                    await connection?.close()
                    connection = nil
                    leading = false
                    let fresh = try await PostgresConnection.connect(listenConfiguration, logger: logger)
                    try await fresh.listen("\(schema)_outbox")
                    connection = fresh
                }
                guard let relay = connection else { continue }  // set just above
                try await publisher.connect()
                if !leading {
                    leading = try await lead(on: relay)
                    if leading { logger.info("outbox relay leads (holds the outbox lock)", metadata: ["db.schema": "\(schema)"]) }
                }
                guard leading else {
                    // Another instance drains; try again after a poll interval, answering no notification meanwhile.
                    await ServiceLoop.pause(settings.pollInterval)
                    try await relay.discardQueuedNotifications()
                    await publisher.keepAlive()
                    continue
                }
                let published = try await drain(on: relay)
                backoff.reset()
                brokerBackoff.reset()
                if published >= settings.batchSize { continue }
                let woken = try await relay.waitForNotification(timeout: settings.pollInterval)
                // Idle for a whole poll interval: serve the broker's heartbeats (blocks up to ~10 ms).
                if woken == nil { await publisher.keepAlive() }
                // One drain answers every notification already here: their rows committed before it looks. Those
                // that arrive while it runs stay queued and wake the next round.
                try await relay.discardQueuedNotifications()
            } catch let error as AMQPError {
                // The broker, not the database: keep the outbox connection (and the lead), reconnect to the
                // broker after a pause and publish again every row not confirmed yet.
                let delay = max(settings.reconnectDelay, brokerBackoff.next())
                logger.warning("outbox relay paused: broker", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                await ServiceLoop.pause(delay)
            } catch {
                let delay = backoff.next()
                logger.warning("outbox relay paused", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                await connection?.close()
                connection = nil
                await ServiceLoop.pause(delay)
            }
        }
        // Graceful shutdown: one last drain so that what was committed goes out before we stop.
        if leading, let connection { _ = try? await drain(on: connection) }
        await connection?.close()
    }

    /// True while the relay's broker connection is up (for `/health/ready`).
    package var isConnected: Bool {
        get async { await publisher.isConnected }
    }

    /// `host:port` of the broker the relay publishes to now, nil while it is not connected.
    package var brokerEndpoint: String? {
        get async { await publisher.endpoint }
    }

    /// Takes the outbox's session-level advisory lock on `connection` when no other instance holds it.
    private func lead(on connection: PostgresConnection) async throws -> Bool {
        let locked = try await connection.query("select pg_try_advisory_lock(hashtext(\("o2c.outbox.\(schema)"))) as locked")
        return try locked.rows.first?.bool("locked") == true
    }

    /// Publishes one batch (the caller leads); returns how many rows it sent.
    private func drain(on connection: PostgresConnection) async throws -> Int {
        let result = try await connection.query(
            """
            select id, message_id, exchange, routing_key, correlation_id, causation_id, headers::text as headers, body,
                   created_at, attempts
            from \(identifier: schema).outbox
            where sent_at is null and (next_attempt_at is null or next_attempt_at <= now())
            order by id limit \(settings.batchSize)
            """)
        let rows = result.rows
        await recordLagOncePerSecond(connection)
        guard !rows.isEmpty else { return 0 }

        let messages = try rows.map { try Self.amqpMessage(from: $0, producer: service) }
        // (The refusal is taken as a value: a typed `catch … where` here crashes the 6.3.1 compiler's SILGen.)
        let refusal: AMQPError?
        do {
            try await publisher.publish(messages, confirmTimeout: settings.confirmTimeout)
            refusal = nil
        } catch {
            refusal = error
        }
        var failed: [String: String] = [:]
        var unconfirmed: Set<String> = []
        if let refusal {
            switch refusal.code {
            case .unroutable, .nacked:
                for id in refusal.failedMessageIDs { failed[id] = "\(refusal.code): \(refusal.message)" }
                MessagingMetrics.outboxPublishFailed(service: service, reason: "\(refusal.code)")
                logger.error(
                    "broker refused outbox messages; kept for retry",
                    metadata: ["error": "\(refusal)", "message.ids": "\(refusal.failedMessageIDs)"])
            case .confirmTimeout:
                // Perhaps delivered, perhaps not: published again after the reconnect (consumers de-duplicate).
                unconfirmed = Set(refusal.failedMessageIDs)
                MessagingMetrics.outboxPublishFailed(service: service, reason: "\(refusal.code)")
                logger.warning(
                    "publisher confirms missing; republishing after a reconnect",
                    metadata: ["error": "\(refusal)", "message.ids": "\(refusal.failedMessageIDs)"])
            default:
                throw refusal
            }
        }
        let sentIDs = try rows.filter {
            let messageID = try $0.string("message_id")
            return failed[messageID] == nil && !unconfirmed.contains(messageID)
        }.map { try $0.int64("id") }
        try await connection.query("update \(identifier: schema).outbox set sent_at = now() where id = any(\(sentIDs)::bigint[])")
        for (messageID, reason) in failed {
            try await connection.query(
                """
                update \(identifier: schema).outbox
                set attempts = attempts + 1, last_error = \(reason),
                    next_attempt_at = now() + least(interval '5 minutes', interval '1 second' * power(2, attempts))
                where message_id = \(messageID)
                """)
        }
        MessagingMetrics.published(sentIDs.count, service: service)
        // The publisher gave its connection up: the rest waits for the pause before the reconnect.
        if let refusal, refusal.code == .nacked || refusal.code == .confirmTimeout { throw refusal }
        return sentIDs.count
    }

    /// The lag gauge costs a query; measuring it once a second is plenty for a scrape interval.
    private func recordLagOncePerSecond(_ connection: PostgresConnection) async {
        let now = ContinuousClock.now
        let due = lastLagRecord.withLock { last in
            guard last.map({ now - $0 >= .seconds(1) }) ?? true else { return false }
            last = now
            return true
        }
        guard due,
            let row = try? await connection.query(
                """
                select coalesce(extract(epoch from now() - min(created_at)), 0)::text as lag, count(*) as pending
                from \(identifier: schema).outbox where sent_at is null
                """
            ).rows.first
        else { return }
        MessagingMetrics.outboxLag(
            seconds: Double(row["lag"] ?? "0") ?? 0, pending: (try? row.int("pending")) ?? 0, service: service)
    }

    static func amqpMessage(from row: PostgresRow, producer: String) throws -> AMQPOutgoingMessage {
        let headersJSON = Data(try row.string("headers").utf8)
        let stored = (try? JSONCoding.decoder.decode([String: String].self, from: headersJSON)) ?? [:]
        var headers = stored.mapValues { AMQPFieldValue.string($0) }
        headers["producer"] = .string(producer)
        if let causation = row.optionalString("causation_id") { headers["causation_id"] = .string(causation) }
        let routingKey = try row.string("routing_key")
        return AMQPOutgoingMessage(
            exchange: try row.string("exchange"), routingKey: routingKey, body: Array(try row.string("body").utf8),
            messageID: try row.string("message_id"), correlationID: try row.string("correlation_id"), type: routingKey,
            timestamp: try row.date("created_at"), headers: headers)
    }
}
