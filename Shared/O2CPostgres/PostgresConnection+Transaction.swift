/// Transaction control and pool housekeeping. These statements bypass the query fault points;
/// COMMIT has its own.
extension PostgresConnection {
    func begin(_ isolation: IsolationLevel) throws(PostgresError) {
        try execute("BEGIN ISOLATION LEVEL " + isolation.rawValue)
    }

    /// COMMIT. A connection that breaks while COMMIT is in flight leaves the outcome unknown: that is
    /// reported as `.commitOutcomeUnknown`, never as a retryable connection problem. A transaction that
    /// had already failed answers COMMIT with ROLLBACK, which is reported as `.queryFailed`.
    func commit(losingReply: Bool = false) throws(PostgresError) {
        if let faults, faults.consume(.commitFails) {
            _ = try? execute("ROLLBACK")
            throw PostgresError(
                code: .connectionLost, message: "injected fault pg.commit_fails: COMMIT replaced by ROLLBACK", query: "COMMIT")
        }
        let result: PostgresResult
        do {
            result = try execute("COMMIT")
        } catch  where error.isConnectionProblem {
            throw PostgresError(
                code: .commitOutcomeUnknown, sqlState: error.sqlState,
                message: "connection lost during COMMIT; the transaction may or may not be committed: \(error.message)",
                query: "COMMIT")
        }
        if result.commandTag == "ROLLBACK" {
            throw PostgresError(
                code: .queryFailed, sqlState: "25P02",
                message: "the transaction had failed (an error was caught inside it) and COMMIT rolled it back",
                query: "COMMIT")
        }
        if losingReply || faults?.consume(.commitSucceededButReported) == true {
            dropForFault()
            throw PostgresError(
                code: .commitOutcomeUnknown,
                message: "injected fault pg.commit_lost: COMMIT succeeded but the connection was dropped before the reply",
                query: "COMMIT")
        }
    }

    /// ROLLBACK, ignoring failures (a broken connection has no transaction left to roll back).
    func rollbackQuietly() {
        guard isHealthy else { return }
        _ = try? execute("ROLLBACK")
    }

    /// Whether this connection can serve the next borrower: open, not broken and outside any
    /// transaction. A transaction left open by a borrower is rolled back first.
    func prepareForReuse() -> Bool {
        guard isHealthy else { return false }
        if !isIdleOutsideTransaction {
            rollbackQuietly()
        }
        return isHealthy && isIdleOutsideTransaction
    }
}

/// Transaction isolation levels, spelled as in `BEGIN ISOLATION LEVEL …`.
package enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}
