/// Occupancy of a ``PostgresPool``, for `/metrics`.
public struct PoolStatistics: Sendable, Hashable {
    /// The most connections the pool opens.
    public var size: Int
    /// Connections lent out, including ones being opened for a borrower.
    public var inUse: Int
    /// Open connections waiting for a borrower.
    public var idle: Int
    /// Borrowers queued for a connection.
    public var waiting: Int

    public init(size: Int, inUse: Int, idle: Int, waiting: Int) {
        self.size = size
        self.inUse = inUse
        self.idle = idle
        self.waiting = waiting
    }
}

/// The pool's bookkeeping as a value: who holds a slot, which connections are idle, who waits (FIFO).
/// Every transition returns what the pool must do outside the lock.
struct PoolState {
    /// What a borrower receives: an idle connection, or a slot to open a new one in.
    enum Grant {
        case reuse(PostgresConnection, idleSince: ContinuousClock.Instant)
        case open
    }
    typealias Waiter = CheckedContinuation<Grant, any Error>

    let size: Int
    private(set) var leased = 0
    private(set) var idle: [(connection: PostgresConnection, since: ContinuousClock.Instant)] = []
    private(set) var waiters: [(id: Int, continuation: Waiter)] = []
    private(set) var isClosed = false

    init(size: Int) { self.size = max(1, size) }

    var statistics: PoolStatistics {
        PoolStatistics(size: size, inUse: leased, idle: idle.count, waiting: waiters.count)
    }

    enum AcquireAction {
        case grant(Grant)
        case fail(any Error)
        case wait
    }

    /// A borrower arrives: give it the most recently used idle connection, else a free slot, else queue it.
    mutating func acquire(id: Int, continuation: Waiter, cancelled: Bool) -> AcquireAction {
        if isClosed { return .fail(PostgresError(code: .poolClosed, message: "the connection pool is closed")) }
        if cancelled { return .fail(CancellationError()) }
        if let entry = idle.popLast() {
            leased += 1
            return .grant(.reuse(entry.connection, idleSince: entry.since))
        }
        if leased + idle.count < size {
            leased += 1
            return .grant(.open)
        }
        waiters.append((id, continuation))
        return .wait
    }

    /// A queued borrower was cancelled: its continuation, if it was still queued.
    mutating func cancel(id: Int) -> Waiter? {
        guard let position = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: position).continuation
    }

    enum ReleaseAction {
        case none
        /// Hand this grant to the waiter (its slot stays counted).
        case resume(Waiter, Grant)
        /// The pool is closed: close the returned connection.
        case close(PostgresConnection)
    }

    /// A borrower is done. `connection` is nil when it broke (and was closed) or could not be opened:
    /// the slot then goes to the next waiter, who opens a fresh connection.
    mutating func release(_ connection: PostgresConnection?, now: ContinuousClock.Instant) -> ReleaseAction {
        if !waiters.isEmpty && !isClosed {
            let waiter = waiters.removeFirst().continuation
            return .resume(waiter, connection.map { .reuse($0, idleSince: now) } ?? .open)
        }
        leased -= 1
        guard let connection else { return .none }
        if isClosed { return .close(connection) }
        idle.append((connection, now))
        return .none
    }

    /// Closes the pool: the idle connections to close and the waiters to fail.
    mutating func close() -> (idle: [PostgresConnection], waiters: [Waiter]) {
        isClosed = true
        let result = (idle.map(\.connection), waiters.map(\.continuation))
        idle.removeAll()
        waiters.removeAll()
        return result
    }
}
