import Logging
import Synchronization

/// Up to `size` connections, opened lazily and lent out one borrower at a time. Borrowers beyond
/// `size` wait in FIFO order without polling, at most `acquireTimeout` (then `.poolTimeout`). A
/// connection that comes back broken is closed and its slot reopened on demand; one that comes back
/// inside a transaction is rolled back first.
///
/// `readReserve` slots are kept for borrowers in the ``Lane/read`` lane (a task runs in it inside
/// ``withLane(_:_:)``): however many writers wait on a lock, a plain read still gets a connection.
package final class PostgresPool: Sendable {
    /// Which slots a borrower may take.
    package enum Lane: Sendable, Hashable {
        /// Writes, message handlers, background work: all slots but the read reserve.
        case general
        /// Reads that take no locks (HTTP GETs): every slot, the reserve included.
        case read
    }

    @TaskLocal static var lane: Lane = .general
    /// The request-wide transaction the current task runs in, if any (``enclosingTransaction(_:)``).
    @TaskLocal static var enclosing: EnclosingTransaction?

    package let configuration: PostgresConfiguration
    let logger: Logger
    let faults: PostgresFaultInjector?
    /// How long a borrower waits for a connection before it gets ``PostgresError/Code/poolTimeout``.
    package let acquireTimeout: Duration
    private let state: Mutex<PoolState>
    private let nextWaiterID = Atomic<Int>(0)
    /// An idle connection older than this is probed before it is lent out (cheap, no round trip).
    private static let probeAfter = Duration.milliseconds(500)

    package init(
        configuration: PostgresConfiguration, size: Int, logger: Logger, faults: PostgresFaultInjector? = nil,
        readReserve: Int = 0, acquireTimeout: Duration = .seconds(30)
    ) {
        self.configuration = configuration
        self.logger = logger
        self.faults = faults
        self.acquireTimeout = acquireTimeout
        self.state = Mutex(PoolState(size: size, readReserve: readReserve))
    }

    /// Runs `body` with its borrows in `lane`.
    package static func withLane<T>(_ lane: Lane, _ body: () async throws -> T) async rethrows -> T {
        try await $lane.withValue(lane, operation: body)
    }

    package var metrics: PoolStatistics { state.withLock { $0.statistics } }

    /// Lends a connection to `body` and takes it back afterwards, whatever `body` does.
    /// Inside ``enclosingTransaction(_:)`` it lends the enclosing transaction's connection.
    package func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        if let enclosing = enclosing { return try await body(enclosing.connection) }
        let lane = Self.lane
        let connection = try await borrow(lane)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(connection))
        } catch {
            result = .failure(error)
        }
        await giveBack(connection, lane: lane)
        return try result.get()
    }

    /// The enclosing transaction of the current task when it was opened on this pool.
    var enclosing: EnclosingTransaction? {
        guard let enclosing = Self.enclosing, enclosing.pool === self else { return nil }
        return enclosing
    }

    /// Closes idle connections and fails queued borrowers; later borrowers get `.poolClosed`.
    /// Connections lent out are closed when they come back.
    package func close() async {
        let (idle, waiters) = state.withLock { $0.close() }
        for waiter in waiters {
            waiter.resume(throwing: PostgresError(code: .poolClosed, message: "the connection pool was closed"))
        }
        for connection in idle { await connection.close() }
    }

    /// Whether `SELECT 1` succeeds within `timeout`, for readiness probes. Never waits longer than
    /// `timeout`, even when the pool is exhausted or the server does not answer.
    package func isReachable(timeout: Duration = .seconds(2)) async -> Bool {
        await reachableEndpoint(timeout: timeout) != nil
    }

    /// `host:port` of the server on which `SELECT 1` succeeded within `timeout` (of a multi-host URL, the
    /// one in use now), nil when it did not. Never waits longer than `timeout`.
    package func reachableEndpoint(timeout: Duration = .seconds(2)) async -> String? {
        // Unstructured tasks, because a task group would wait for a probe stuck in a blocking libpq call.
        let answered = Mutex<CheckedContinuation<String?, Never>?>(nil)
        return await withCheckedContinuation { continuation in
            answered.withLock { $0 = continuation }
            let finish: @Sendable (String?) -> Void = { endpoint in answered.withLock { $0.take() }?.resume(returning: endpoint) }
            let probe = Task {
                try? await Self.withLane(.read) {
                    try await self.withConnection { connection in
                        try await connection.query("SELECT 1")
                        return await connection.endpoint ?? "unknown"
                    }
                }
            }
            let timer = Task {
                try await Task.sleep(for: timeout)
                probe.cancel()  // stops waiting for a connection; a running statement finishes on its own
                finish(nil)
            }
            Task {
                let endpoint = await probe.value
                timer.cancel()
                finish(endpoint)
            }
        }
    }

    // MARK: Lending

    private func borrow(_ lane: Lane) async throws -> PostgresConnection {
        if case .reuse(let connection, let idleSince) = try await grant(lane) {
            if ContinuousClock.now - idleSince < Self.probeAfter { return connection }
            if await connection.probe() { return connection }
            // The server closed it while it sat idle (restart, idle timeout): open a new one in its slot.
            logger.info("replacing an idle PostgreSQL connection the server closed", metadata: ["pg.connection": "\(connection.id)"])
            await connection.close()
        }
        do {
            return try await PostgresConnection.connect(configuration, logger: logger, faults: faults)
        } catch {
            await release(nil, lane: lane)
            throw error
        }
    }

    /// Waits (FIFO within its lane) until the pool grants a connection or a slot, at most `acquireTimeout`.
    private func grant(_ lane: Lane) async throws -> PoolState.Grant {
        let id = nextWaiterID.add(1, ordering: .relaxed).newValue
        let timeout = acquireTimeout
        let timer = Mutex<Task<Void, Never>?>(nil)
        defer { timer.withLock { $0?.cancel() } }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                switch state.withLock({ $0.acquire(id: id, lane: lane, continuation: continuation, cancelled: Task.isCancelled) }) {
                case .grant(let grant): continuation.resume(returning: grant)
                case .fail(let error): continuation.resume(throwing: error)
                case .wait:
                    timer.withLock {
                        $0 = Task { [self] in
                            guard (try? await Task.sleep(for: timeout)) != nil else { return }
                            state.withLock { $0.cancel(id: id) }?.resume(
                                throwing: PostgresError(
                                    code: .poolTimeout,
                                    message: "no database connection became free within \(timeout); every connection is busy"))
                        }
                    }
                }
            }
        } onCancel: {
            state.withLock { $0.cancel(id: id) }?.resume(throwing: CancellationError())
        }
    }

    private func giveBack(_ connection: PostgresConnection, lane: Lane) async {
        if await connection.prepareForReuse() {
            await release(connection, lane: lane)
        } else {
            logger.debug("closing a broken PostgreSQL connection", metadata: ["pg.connection": "\(connection.id)"])
            await connection.close()
            await release(nil, lane: lane)
        }
    }

    /// Returns a slot, with its connection or (broken, never opened) without; a waiter, if any, gets it.
    private func release(_ connection: PostgresConnection?, lane: Lane) async {
        switch state.withLock({ $0.release(connection, lane: lane, now: .now) }) {
        case .none: break
        case .resume(let waiter, let grant): waiter.resume(returning: grant)
        case .close(let connection): await connection.close()
        }
    }
}
