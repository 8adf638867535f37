/// Occupancy of a ``PostgresPool``, for `/metrics` and readiness.
package struct PoolStatistics: Sendable, Hashable {
    /// The most connections the pool opens.
    package var size: Int
    /// Connections lent out, including ones being opened for a borrower.
    package var inUse: Int
    /// Open connections waiting for a borrower.
    package var idle: Int
    /// Borrowers queued for a connection.
    package var waiting: Int
    /// Slots only ``PostgresPool/Lane/read`` borrowers may take.
    package var readReserve: Int = 0
    /// Slots lent to ``PostgresPool/Lane/general`` borrowers.
    package var generalInUse: Int = 0

    package init(size: Int, inUse: Int, idle: Int, waiting: Int) {
        self.size = size
        self.inUse = inUse
        self.idle = idle
        self.waiting = waiting
    }

    /// Every slot a general borrower may take is lent out and borrowers are queued: the next write waits.
    package var isExhausted: Bool { waiting > 0 && generalInUse >= size - readReserve }
}

/// The pool's bookkeeping as a value: who holds a slot, which connections are idle, who waits (FIFO).
/// Every transition returns what the pool must do outside the lock.
///
/// Two lanes share the slots: `general` borrowers (writes, message handlers, background work) may hold
/// at most `size - readReserve` of them, so that plain reads (`read`) always find a slot even while
/// every writer waits on one customer's lock.
struct PoolState {
    /// What a borrower receives: an idle connection, or a slot to open a new one in.
    enum Grant {
        case reuse(PostgresConnection, idleSince: ContinuousClock.Instant)
        case open
    }
    typealias Waiter = CheckedContinuation<Grant, any Error>

    let size: Int
    let readReserve: Int
    private(set) var leased = 0
    private(set) var generalLeased = 0
    private(set) var idle: [(connection: PostgresConnection, since: ContinuousClock.Instant)] = []
    private(set) var waiters: [(id: Int, lane: PostgresPool.Lane, continuation: Waiter)] = []
    private(set) var isClosed = false

    init(size: Int, readReserve: Int = 0) {
        self.size = max(1, size)
        self.readReserve = min(max(0, readReserve), self.size - 1)
    }

    var statistics: PoolStatistics {
        var statistics = PoolStatistics(size: size, inUse: leased, idle: idle.count, waiting: waiters.count)
        statistics.readReserve = readReserve
        statistics.generalInUse = generalLeased
        return statistics
    }

    enum AcquireAction {
        case grant(Grant)
        case fail(any Error)
        case wait
    }

    private func admits(_ lane: PostgresPool.Lane) -> Bool {
        guard leased < size else { return false }
        return lane == .read || generalLeased < size - readReserve
    }

    private mutating func lease(_ lane: PostgresPool.Lane) -> Grant {
        leased += 1
        if lane == .general { generalLeased += 1 }
        if let entry = idle.popLast() { return .reuse(entry.connection, idleSince: entry.since) }
        return .open
    }

    /// A borrower arrives: give it the most recently used idle connection, else a free slot, else queue it.
    /// A borrower never overtakes a queued one of its own lane.
    mutating func acquire(id: Int, lane: PostgresPool.Lane, continuation: Waiter, cancelled: Bool) -> AcquireAction {
        if isClosed { return .fail(PostgresError(code: .poolClosed, message: "the connection pool is closed")) }
        if cancelled { return .fail(CancellationError()) }
        if admits(lane) && !waiters.contains(where: { $0.lane == lane }) {
            return .grant(lease(lane))
        }
        waiters.append((id, lane, continuation))
        return .wait
    }

    /// A queued borrower was cancelled or gave up waiting: its continuation, if it was still queued.
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

    /// A borrower of `lane` is done. `connection` is nil when it broke (and was closed) or could not be
    /// opened: the slot then goes to the next waiter its lane admits, who opens a fresh connection.
    mutating func release(_ connection: PostgresConnection?, lane: PostgresPool.Lane, now: ContinuousClock.Instant) -> ReleaseAction {
        leased -= 1
        if lane == .general { generalLeased -= 1 }
        if isClosed { return connection.map { .close($0) } ?? .none }
        if let connection { idle.append((connection, now)) }
        if let position = waiters.firstIndex(where: { admits($0.lane) }) {
            let waiter = waiters.remove(at: position)
            return .resume(waiter.continuation, lease(waiter.lane))
        }
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
