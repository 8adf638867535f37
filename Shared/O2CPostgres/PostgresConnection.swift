import CLibPQ
import Logging
import O2CThreads
import Synchronization

/// One PostgreSQL connection. Its libpq calls block, so the actor runs on a thread of its own
/// (``DedicatedThreadExecutor``) and never on the cooperative pool; everything it returns is already
/// converted to Swift values. Not for concurrent use by design: callers queue on the actor.
package actor PostgresConnection {
    private static let counter = Atomic<Int>(0)

    package nonisolated let id: Int
    private let executor: DedicatedThreadExecutor
    private var handle: LibPQHandle?
    private var logger: Logger
    let faults: PostgresFaultInjector?

    package nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private init(logger: Logger, faults: PostgresFaultInjector?) {
        id = Self.counter.add(1, ordering: .relaxed).newValue
        executor = DedicatedThreadExecutor(name: "pg-\(id)")
        var logger = logger
        logger[metadataKey: "pg.connection"] = "\(id)"
        self.logger = logger
        self.faults = faults
    }

    // The thread outlives close() and ends with the actor: a call made after close() then still runs
    // (and fails with `.connectionLost`) instead of waiting forever on an executor that has stopped.
    deinit { executor.shutdown() }

    /// Opens a connection; the session runs with `TimeZone=UTC` and `DateStyle=ISO`.
    package static func connect(
        _ configuration: PostgresConfiguration, logger: Logger, faults: PostgresFaultInjector? = nil
    ) async throws(PostgresError) -> PostgresConnection {
        let connection = PostgresConnection(logger: logger, faults: faults)
        try await connection.open(conninfo: configuration.conninfo)
        return connection
    }

    private func open(conninfo: String) throws(PostgresError) {
        do {
            handle = try LibPQHandle.connect(conninfo: conninfo)
            logger.debug("connected to PostgreSQL")
        } catch {
            logger.debug("PostgreSQL connection failed", metadata: ["error.message": "\(error.message)"])
            throw error
        }
    }

    /// Runs one statement with text-format parameters (`$1`, `$2`, …). Without parameters the SQL may
    /// hold several statements; the result is the last one's.
    @discardableResult
    func query(_ sql: String, _ binds: [any PostgresBindable]) throws(PostgresError) -> PostgresResult {
        if let faults {
            if faults.consume(.connectionDropsBeforeQuery) {
                logger.notice("injected fault: connection dropped before query")
                dropForFault()
                throw PostgresError(code: .connectionLost, message: "injected fault pg.drop_before_query: connection closed", query: sql)
            }
            if faults.consume(.serializationFailure) {
                logger.notice("injected fault: serialization failure")
                throw PostgresError(
                    code: .queryFailed, sqlState: "40001",
                    message: "injected fault pg.serialization_failure: could not serialize access", query: sql)
            }
        }
        return try execute(sql, binds.map(\.postgresText))
    }

    /// Runs SQL without consulting the fault injector (transaction control, pool housekeeping).
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        guard let handle else { throw PostgresError(code: .connectionLost, message: "the connection is closed", query: sql) }
        do {
            return try handle.execute(sql, parameters)
        } catch {
            if error.code == .connectionLost {
                logger.warning("PostgreSQL connection lost", metadata: ["error.message": "\(error.message)"])
            } else {
                logger.debug("statement failed", metadata: ["pg.sqlstate": "\(error.sqlState ?? "")", "error.message": "\(error.message)"])
            }
            throw error
        }
    }

    /// `LISTEN` on `channel` (quoted as an identifier, so any name works).
    package func listen(_ channel: String) throws(PostgresError) {
        try execute("LISTEN " + PostgresIdentifier.quoted(channel))
    }

    /// `UNLISTEN` `channel`, or every channel when `nil`.
    package func unlisten(_ channel: String? = nil) throws(PostgresError) {
        try execute("UNLISTEN " + (channel.map(PostgresIdentifier.quoted) ?? "*"))
    }

    /// The next notification for a channel this connection listens to, waiting up to `timeout`;
    /// nil when none arrived in time. Blocks this connection (only) while it waits.
    package func waitForNotification(timeout: Duration) throws(PostgresError) -> PostgresNotification? {
        guard let handle else { throw PostgresError(code: .connectionLost, message: "the connection is closed") }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let left = clock.now.duration(to: deadline)
            let milliseconds = max(0, Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            if let notification = try handle.nextNotification(waitingUpTo: milliseconds) { return notification }
            if clock.now >= deadline { return nil }
        }
    }

    /// Drops the notifications that have arrived so far (read without waiting); returns how many. A
    /// listener that is about to look at the state the notifications announce uses it to answer a burst
    /// of them with one look instead of one each.
    @discardableResult
    package func discardQueuedNotifications() throws(PostgresError) -> Int {
        guard let handle else { throw PostgresError(code: .connectionLost, message: "the connection is closed") }
        return try handle.discardNotifications()
    }

    /// PQstatus is CONNECTION_OK and the connection has not been seen to break.
    package var isHealthy: Bool { handle?.isStatusOK ?? false }

    /// How many statements this connection has prepared and keeps (the statement cache; tests).
    package var preparedStatementCount: Int { handle?.preparedStatementCount ?? 0 }

    /// Closes the connection (`PQfinish`). Idempotent; later calls fail with `.connectionLost`.
    /// The dedicated thread stops when the actor is released (see `deinit`).
    package func close() {
        guard let handle else { return }
        handle.finish()
        self.handle = nil
        logger.debug("PostgreSQL connection closed")
    }

    var isOpen: Bool { handle?.isOpen ?? false }
    /// `host:port` of the server this connection went to, nil once it is closed.
    package var endpoint: String? { handle?.endpoint }
    var isIdleOutsideTransaction: Bool { handle?.isIdleOutsideTransaction ?? false }
    /// Reads anything the server sent while the connection sat idle; false when it turns out closed.
    func probe() -> Bool { handle?.probe() ?? false }

    /// Drops the connection without the caller's cooperation (fault injection).
    func dropForFault() {
        handle?.finish()
    }
}
