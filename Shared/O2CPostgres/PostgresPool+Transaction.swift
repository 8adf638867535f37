import Logging
import Synchronization

/// Transactions and single statements with retry on conflicts and lost connections.
extension PostgresPool {
    /// Runs `body` inside `BEGIN ISOLATION LEVEL …` / `COMMIT` on one connection.
    ///
    /// When anything fails before COMMIT the transaction is rolled back. Serialization failures and
    /// deadlocks (40001, 40P01) and connection problems run the whole body again, on a fresh connection
    /// if the old one broke, after a jittered exponential backoff (5 ms doubling to 1 s), at most
    /// `maxAttempts` times in all. Any other error, including errors `body` throws that are not
    /// ``PostgresError``, is rethrown after the rollback. `body` must therefore be safe to run again.
    ///
    /// When the connection breaks during COMMIT nobody knows whether the transaction committed:
    /// that throws ``PostgresError/Code/commitOutcomeUnknown`` and is not retried.
    ///
    /// Inside ``enclosingTransaction(_:)`` on this pool it runs as a savepoint of the enclosing
    /// transaction instead (same connection, its isolation level, no retry of its own: the enclosing
    /// transaction is retried as a whole); a failure rolls back to the savepoint and is rethrown.
    package func transaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted, maxAttempts: Int = 8,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        if let enclosing {
            return try await enclosing.savepoint(body)
        }
        return try await run(isolation: isolation, maxAttempts: maxAttempts, asEnclosing: false, losingCommitReply: false, body)
    }

    /// One statement on a pooled connection, run again (up to 8 attempts) when the connection fails.
    /// A statement cut off by a lost connection may already have taken effect, so it is run at least
    /// once rather than exactly once: use it for statements that are harmless to repeat.
    /// Inside ``enclosingTransaction(_:)`` it runs once, in the enclosing transaction.
    @discardableResult
    func query(_ sql: String, _ binds: [any PostgresBindable]) async throws -> PostgresResult {
        if let enclosing { return try await enclosing.connection.query(sql, binds) }
        return try await retrying(maxAttempts: 8, what: "query", retryConflicts: false) {
            try await withConnection { try await $0.query(sql, binds) }
        }
    }

    /// One transaction that everything the task does on this pool inside `body` joins: `transaction`
    /// becomes a savepoint of it, `query` and `withConnection` run on its connection. A request that must
    /// commit its effect together with something else (its idempotency record) runs in one.
    ///
    /// Retried as a whole like ``transaction(isolation:maxAttempts:_:)``. With `losingCommitReply` the
    /// COMMIT succeeds and then the connection is dropped and `.commitOutcomeUnknown` thrown, as if the
    /// reply had been lost on the network (a test seam, armed only in test mode by the caller).
    package func enclosingTransaction<T: Sendable>(
        losingCommitReply: Bool = false, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        if let enclosing { return try await enclosing.savepoint(body) }
        return try await run(isolation: .readCommitted, maxAttempts: 8, asEnclosing: true, losingCommitReply: losingCommitReply, body)
    }

    /// BEGIN, `body` (as the task's enclosing transaction when `asEnclosing`), COMMIT; rolled back when
    /// `body` fails, retried as a whole on conflicts and lost connections.
    private func run<T: Sendable>(
        isolation: IsolationLevel, maxAttempts: Int, asEnclosing: Bool, losingCommitReply: Bool,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await retrying(maxAttempts: maxAttempts, what: "transaction") {
            try await withConnection { connection in
                try await connection.begin(isolation)
                let value: T
                do {
                    value =
                        asEnclosing
                        ? try await Self.$enclosing.withValue(EnclosingTransaction(pool: self, connection: connection)) {
                            try await body(connection)
                        }
                        : try await body(connection)
                } catch {
                    await connection.rollbackQuietly()
                    throw error
                }
                try await connection.commit(losingReply: losingCommitReply)
                return value
            }
        }
    }

    private func retrying<T: Sendable>(
        maxAttempts: Int, what: String, retryConflicts: Bool = true, _ attempt: () async throws -> T
    ) async throws -> T {
        var attemptNumber = 1
        while true {
            do {
                return try await attempt()
            } catch let error as PostgresError
                where attemptNumber < maxAttempts
                && (error.isConnectionProblem || error.isStalePlan || (retryConflicts && error.isTransactionConflict))
            {
                let delay = Self.backoff(attempt: attemptNumber)
                logger.debug(
                    "retrying \(what)",
                    metadata: [
                        "retry.attempt": "\(attemptNumber)", "retry.delay": "\(delay)",
                        "pg.sqlstate": "\(error.sqlState ?? "")", "error.code": "\(error.code)",
                    ])
                try await Task.sleep(for: delay)
                attemptNumber += 1
            }
        }
    }

    /// 5 ms doubling per attempt up to 1 s, with "equal jitter": half fixed, half random.
    static func backoff(attempt: Int) -> Duration {
        let ceiling = min(1_000.0, 5.0 * Double(1 << min(attempt - 1, 20)))
        return .milliseconds(ceiling / 2 + Double.random(in: 0...(ceiling / 2)))
    }
}

/// The transaction a task has opened with ``PostgresPool/enclosingTransaction(losingCommitReply:_:)``.
final class EnclosingTransaction: Sendable {
    let pool: PostgresPool
    let connection: PostgresConnection
    private let savepoints = Atomic<Int>(0)

    init(pool: PostgresPool, connection: PostgresConnection) {
        self.pool = pool
        self.connection = connection
    }

    /// `body` inside `SAVEPOINT`: released when it returns, rolled back to when it throws.
    func savepoint<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let name = "o2c_sp_\(savepoints.add(1, ordering: .relaxed).newValue)"
        try await connection.execute("SAVEPOINT " + name)
        let value: T
        do {
            value = try await body(connection)
        } catch {
            if await connection.isHealthy { _ = try? await connection.execute("ROLLBACK TO SAVEPOINT " + name) }
            throw error
        }
        try await connection.execute("RELEASE SAVEPOINT " + name)
        return value
    }
}
