import Synchronization

/// Faults the adapter can be told to simulate, for tests of the exactly-once machinery.
/// The raw values are the keys used in the fault environment variable.
package enum PostgresFault: String, Sendable, CaseIterable {
    /// COMMIT runs and succeeds on the server, then the caller gets ``PostgresError/Code/commitOutcomeUnknown``
    /// and the connection is closed, as if the network died right after the commit.
    case commitSucceededButReported = "pg.commit_lost"
    /// COMMIT is replaced by ROLLBACK and the caller gets ``PostgresError/Code/connectionLost``
    /// (so ``PostgresPool/transaction(isolation:maxAttempts:_:)`` retries).
    case commitFails = "pg.commit_fails"
    /// The next ``PostgresConnection/query(_:_:)`` closes the connection first and fails with
    /// ``PostgresError/Code/connectionLost``.
    case connectionDropsBeforeQuery = "pg.drop_before_query"
    /// The next ``PostgresConnection/query(_:_:)`` fails with SQLSTATE 40001 without running.
    case serializationFailure = "pg.serialization_failure"
}

/// Counts of armed faults, shared by every connection of a pool. Thread-safe.
package final class PostgresFaultInjector: Sendable {
    private let armed = Mutex<[PostgresFault: Int]>([:])

    package init() {}

    /// Makes `fault` fire the next `times` times its trigger point is reached.
    package func arm(_ fault: PostgresFault, times: Int = 1) {
        armed.withLock { $0[fault, default: 0] += max(0, times) }
    }

    /// True (and one fewer armed) when `fault` is armed.
    package func consume(_ fault: PostgresFault) -> Bool {
        armed.withLock { counts in
            guard let count = counts[fault], count > 0 else { return false }
            counts[fault] = count - 1
            return true
        }
    }

    /// How many times `fault` is still armed.
    package func remaining(_ fault: PostgresFault) -> Int {
        armed.withLock { $0[fault] ?? 0 }
    }

    /// Parses a fault list such as `pg.commit_lost:2,amqp.confirm_lost:1` (a key without `:n` means once).
    /// Keys that are not `pg.*` belong to other adapters and are ignored; unknown `pg.*` keys too.
    /// Returns nil when no `pg.*` fault is armed.
    package static func fromEnvironment(_ value: String?) -> PostgresFaultInjector? {
        guard let value else { return nil }
        let injector = PostgresFaultInjector()
        var any = false
        for entry in value.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard let key = parts.first, key.hasPrefix("pg."), let fault = PostgresFault(rawValue: key) else { continue }
            let times = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
            injector.arm(fault, times: times)
            any = true
        }
        return any ? injector : nil
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
