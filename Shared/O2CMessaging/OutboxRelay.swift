import Foundation
import Logging
import O2CAMQP
import O2CPostgres
import ServiceLifecycle
import Synchronization

/// Publishes committed outbox rows to the broker, in id order, with publisher confirms, and marks them
/// sent. Wakes on the outbox trigger's NOTIFY and polls as a fallback.
///
/// Several instances of one service may run a relay on the same outbox: a transaction-scoped advisory
/// lock lets one drain at a time, which keeps the publish order; the others wait for the next round.
/// A row is marked sent only after the broker confirmed it, in the same transaction that locked it,
/// so a crash between publish and commit publishes it again (consumers de-duplicate on message id).
/// A row the broker refuses (unroutable, nacked) is kept with its error and tried again later with
/// backoff, without holding up the rows behind it.
package final class OutboxRelay: Service, Sendable {
    package struct Settings: Sendable {
        package var batchSize = 200
        package var pollInterval: Duration = .seconds(1)
        package var confirmTimeout: Duration = .seconds(10)
        package init() {}
    }

    private let service: String
    private let schema: String
    private let pool: PostgresPool
    private let listenConfiguration: PostgresConfiguration
    private let publisher: AMQPPublisher
    private let settings: Settings
    private let logger: Logger
    private let lastLagRecord = Mutex<ContinuousClock.Instant?>(nil)

    package init(
        service: String, schema: String, pool: PostgresPool, listenConfiguration: PostgresConfiguration,
        publisher: AMQPPublisher, settings: Settings = Settings(), logger: Logger
    ) {
        self.service = service
        self.schema = schema
        self.pool = pool
        self.listenConfiguration = listenConfiguration
        self.publisher = publisher
        self.settings = settings
        self.logger = logger
    }

    package func run() async throws {
        var listener: PostgresConnection?
        var backoff = Backoff()
        while !ServiceLoop.shouldStop {
            do {
                let healthy = await listener?.isHealthy ?? false
                if !healthy {
                    await listener?.close()
                    let connection = try await PostgresConnection.connect(listenConfiguration, logger: logger)
                    try await connection.listen("\(schema)_outbox")
                    listener = connection
                }
                try await publisher.connect()
                let published = try await drainOnce()
                backoff.reset()
                if published >= settings.batchSize { continue }
                guard let listening = listener else { continue }  // set just above; nil only after a failure reset it
                let woken = try await listening.waitForNotification(timeout: settings.pollInterval)
                // Idle for a whole poll interval: serve the broker's heartbeats (blocks up to ~10 ms).
                if woken == nil { await publisher.keepAlive() }
                // One drain answers every notification already here: their rows committed before it looks. Those
                // that arrive while it runs stay queued and wake the next round.
                try await listening.discardQueuedNotifications()
            } catch {
                let delay = backoff.next()
                logger.warning("outbox relay paused", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                await listener?.close()
                listener = nil
                await ServiceLoop.pause(delay)
            }
        }
        await listener?.close()
        // Graceful shutdown: one last drain so that what was committed goes out before we stop.
        _ = try? await drainOnce()
    }

    /// True while the relay's broker connection is up (for `/health/ready`).
    package var isConnected: Bool {
        get async { await publisher.isConnected }
    }

    /// Publishes one batch if this instance gets the outbox lock; returns how many rows it sent.
    @discardableResult
    package func drainOnce() async throws -> Int {
        try await pool.transaction { connection in
            let locked = try await connection.query(
                "select pg_try_advisory_xact_lock(hashtext(\("o2c.outbox.\(self.schema)"))) as locked")
            guard try locked.rows.first?.bool("locked") == true else { return 0 }
            let result = try await connection.query(
                """
                select id, message_id, exchange, routing_key, correlation_id, causation_id, headers::text as headers, body,
                       created_at, attempts
                from \(identifier: self.schema).outbox
                where sent_at is null and (next_attempt_at is null or next_attempt_at <= now())
                order by id limit \(self.settings.batchSize)
                """)
            let rows = result.rows
            await self.recordLagOncePerSecond(connection)
            guard !rows.isEmpty else { return 0 }

            let messages = try rows.map { try Self.amqpMessage(from: $0, producer: self.service) }
            var failed: [String: String] = [:]
            do {
                try await self.publisher.publish(messages, confirmTimeout: self.settings.confirmTimeout)
            } catch let error as AMQPError where error.code == .unroutable || error.code == .nacked {
                for id in error.failedMessageIDs { failed[id] = "\(error.code): \(error.message)" }
                MessagingMetrics.outboxPublishFailed(service: self.service, reason: "\(error.code)")
                self.logger.error(
                    "broker refused outbox messages; kept for retry",
                    metadata: ["error": "\(error)", "message.ids": "\(error.failedMessageIDs)"])
            }
            let sentIDs = try rows.filter { failed[try $0.string("message_id")] == nil }.map { try $0.int64("id") }
            try await connection.query(
                "update \(identifier: self.schema).outbox set sent_at = now() where id = any(\(sentIDs)::bigint[])")
            for (messageID, reason) in failed {
                try await connection.query(
                    """
                    update \(identifier: self.schema).outbox
                    set attempts = attempts + 1, last_error = \(reason),
                        next_attempt_at = now() + least(interval '5 minutes', interval '1 second' * power(2, attempts))
                    where message_id = \(messageID)
                    """)
            }
            MessagingMetrics.published(sentIDs.count, service: self.service)
            return sentIDs.count
        }
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
