import O2CMessaging
import O2CPostgres
import Synchronization

/// `/health/ready`: 200 only when the database answers, the pool is not exhausted (writers queued for a
/// connection: send traffic elsewhere), the migrations are applied and the broker connections (relay
/// publisher, every consumer worker) are up.
package final class ReadinessProbe: Sendable {
    private let pool: PostgresPool
    private let relay: OutboxRelay
    private let consumer: MessageConsumer?
    private let migrated = Atomic<Bool>(false)

    init(pool: PostgresPool, relay: OutboxRelay, consumer: MessageConsumer?) {
        self.pool = pool
        self.relay = relay
        self.consumer = consumer
    }

    func markMigrated() { migrated.store(true, ordering: .relaxed) }

    package struct Report: Codable, Sendable {
        package var ready: Bool
        package var database: Bool
        package var migrations: Bool
        package var broker: Bool
        /// `host:port` of the broker the outbox relay publishes to now (of a cluster, the node in use).
        package var brokerEndpoint: String?
        /// `host:port` of the database server that answered the probe (of a multi-host URL, the primary in use).
        package var databaseEndpoint: String?
        /// False while every connection a writer may take is lent out and borrowers are queued.
        package var pool: Bool
        /// Retry or parked queues at their length bound, whose messages the consumer holds meanwhile (a
        /// detail for operators: the service stays ready, but failing messages are not moving).
        package var queuesFull: [String]
    }

    package func check() async -> Report {
        let databaseEndpoint = await pool.reachableEndpoint()
        let database = databaseEndpoint != nil
        let brokerEndpoint = await relay.brokerEndpoint
        let broker = await relay.isConnected && (consumer?.isConnected ?? true)
        let migrations = migrated.load(ordering: .relaxed)
        let poolFree = !pool.metrics.isExhausted
        return Report(
            ready: database && broker && migrations && poolFree, database: database, migrations: migrations, broker: broker,
            brokerEndpoint: brokerEndpoint, databaseEndpoint: databaseEndpoint, pool: poolFree, queuesFull: consumer?.queuesFull ?? [])
    }
}
