import Logging
import O2CPostgres
import ServiceLifecycle

/// Deletes sent outbox rows and old inbox rows in small batches, so that no long delete holds locks
/// the relay or the consumers need. The inbox keeps ids for `inboxRetention`: a duplicate delivered
/// later than that is no longer recognised, so it must be longer than any redelivery or replay window.
package final class Housekeeping: Service, Sendable {
    package struct Settings: Sendable {
        package var outboxRetention: Duration = .seconds(86_400)
        package var inboxRetention: Duration = .seconds(14 * 86_400)
        package var idempotencyRetention: Duration = .seconds(7 * 86_400)
        package var batchSize = 1000
        package var interval: Duration = .seconds(60)
        package init() {}
    }

    private let schema: String
    private let pool: PostgresPool
    private let settings: Settings
    private let logger: Logger

    package init(schema: String, pool: PostgresPool, settings: Settings = Settings(), logger: Logger) {
        self.schema = schema
        self.pool = pool
        self.settings = settings
        self.logger = logger
    }

    package func run() async throws {
        while !ServiceLoop.shouldStop {
            do { _ = try await clean() } catch { logger.warning("housekeeping failed", metadata: ["error": "\(error)"]) }
            await ServiceLoop.pause(settings.interval)
        }
    }

    /// One round; returns the number of rows deleted.
    package func clean() async throws -> Int {
        let targets: [(table: String, column: String, retention: Duration)] = [
            ("outbox", "sent_at", settings.outboxRetention),
            ("inbox", "received_at", settings.inboxRetention),
            ("idempotency_keys", "created_at", settings.idempotencyRetention),
        ]
        var total = 0
        for target in targets {
            while !ServiceLoop.shouldStop {
                let deleted = try await pool.query(
                    """
                    delete from \(identifier: schema).\(identifier: target.table) where ctid in (
                        select ctid from \(identifier: schema).\(identifier: target.table)
                        where \(identifier: target.column) < now() - make_interval(secs => \(Int(target.retention.components.seconds))) limit \(settings.batchSize))
                    """
                ).affectedRows
                total += deleted
                if deleted < settings.batchSize { break }
            }
        }
        if total > 0 { logger.info("housekeeping removed old rows", metadata: ["rows": "\(total)"]) }
        return total
    }
}
