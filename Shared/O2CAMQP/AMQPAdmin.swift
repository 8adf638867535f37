import CAMQP
import Logging
import O2CThreads

/// Queue statistics and clean-up over AMQP (passive declare, purge, delete), for tests and operations.
/// One connection, opened on first use; a 404 closes only the channel, which the next call reopens.
package actor AMQPAdmin {
    private let configuration: AMQPConfiguration
    private let logger: Logger
    private let executor: DedicatedThreadExecutor
    private var connection: AMQPConnection?

    package nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    package init(configuration: AMQPConfiguration, logger: Logger) {
        var configuration = configuration
        configuration.connectionName += "-admin"
        self.configuration = configuration
        self.logger = logger
        self.executor = DedicatedThreadExecutor(name: "amqp-admin")
    }

    deinit { executor.shutdown() }

    /// Ready messages and consumers of `name` (a passive declare: throws `.channelClosed` 404 when the
    /// queue does not exist). Unacknowledged deliveries are not counted.
    package func queueStatus(_ name: String) async throws -> (messages: Int, consumers: Int) {
        try withChannel { connection throws(AMQPError) in try connection.declareQueue(name, passive: true) }
    }

    /// Removes the ready messages of `queue`.
    package func purge(_ queue: String) async throws {
        try withChannel { connection throws(AMQPError) in
            CArena.scoped { arena in _ = amqp_queue_purge(connection.state!, connection.channel, arena.bytes(queue)) }
            try connection.check(amqp_get_rpc_reply(connection.state!), "purging queue '\(queue)'")
        }
    }

    /// Deletes `name` (also when it has messages or consumers); deleting a missing queue succeeds.
    package func deleteQueue(_ name: String) async throws {
        try withChannel { connection throws(AMQPError) in
            CArena.scoped { arena in
                _ = amqp_queue_delete(connection.state!, connection.channel, arena.bytes(name), 0, 0)
            }
            try connection.check(amqp_get_rpc_reply(connection.state!), "deleting queue '\(name)'")
        }
    }

    /// Deletes exchange `name`; deleting a missing exchange succeeds.
    package func deleteExchange(_ name: String) async throws {
        try withChannel { connection throws(AMQPError) in
            CArena.scoped { arena in
                _ = amqp_exchange_delete(connection.state!, connection.channel, arena.bytes(name), 0)
            }
            try connection.check(amqp_get_rpc_reply(connection.state!), "deleting exchange '\(name)'")
        }
    }

    /// Closes the connection; a later call opens a new one. The thread ends when the actor is released.
    package func close() {
        connection?.close()
        connection = nil
        // The executor thread stops in deinit, not here: a job enqueued after `shutdown()` never
        // runs, so a second close() or an `isConnected` read would hang.
    }

    private func withChannel<R>(_ body: (AMQPConnection) throws(AMQPError) -> R) throws(AMQPError) -> R {
        if connection?.isOpen != true {
            connection = try AMQPConnection.openFirstAvailable(configuration, startingAt: 0, logger: logger).connection
        }
        guard let connection else { throw AMQPConnection.notConnected }
        if !connection.channelOpen { try connection.openChannel(confirm: false) }
        defer {
            connection.releaseBuffers()
            if !connection.isOpen { self.connection = nil }
        }
        return try body(connection)
    }
}
