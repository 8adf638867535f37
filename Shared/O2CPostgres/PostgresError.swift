/// The one error type of the PostgreSQL adapter: an extensible ``Code`` plus what the server said.
package struct PostgresError: Error, CustomStringConvertible, Sendable {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration, connectionFailed, connectionLost, queryFailed
            case commitOutcomeUnknown, injectedFault, decodingFailed, poolClosed, poolTimeout
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A connection URL or option is malformed.
        package static let invalidConfiguration = Code(.invalidConfiguration)
        /// No connection could be opened.
        package static let connectionFailed = Code(.connectionFailed)
        /// An open connection broke (server restart, network); the statement may or may not have run.
        package static let connectionLost = Code(.connectionLost)
        /// The server rejected the statement; see ``PostgresError/sqlState``.
        package static let queryFailed = Code(.queryFailed)
        /// The connection broke while COMMIT was in flight: the transaction may or may not be committed.
        package static let commitOutcomeUnknown = Code(.commitOutcomeUnknown)
        /// A fault armed through ``PostgresFaultInjector`` fired where no more specific code applies.
        package static let injectedFault = Code(.injectedFault)
        /// A column was missing, NULL or not in the expected text format.
        package static let decodingFailed = Code(.decodingFailed)
        /// The pool was closed.
        package static let poolClosed = Code(.poolClosed)
        /// No pooled connection became free within the pool's `acquireTimeout`.
        package static let poolTimeout = Code(.poolTimeout)

        package var description: String { base.rawValue }
    }

    package var code: Code
    /// The five-character SQLSTATE the server reported, when it reported one.
    package var sqlState: String?
    package var message: String
    /// The statement that failed, when a statement failed.
    package var query: String?

    package init(code: Code, sqlState: String? = nil, message: String, query: String? = nil) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.query = query
    }

    /// A serialization failure (40001) or deadlock (40P01): running the transaction again may succeed.
    package var isTransactionConflict: Bool {
        sqlState == "40001" || sqlState == "40P01"
    }

    /// A prepared statement whose result columns changed since it was prepared (a migration altered the
    /// table under it): the connection forgets it, and running the transaction again prepares it afresh.
    package var isStalePlan: Bool {
        sqlState == "0A000" && message.hasPrefix("cached plan must not change result type")
    }

    /// The connection could not be opened or broke (including SQLSTATE class 08 and the
    /// 57P01-57P03 shutdown states). ``Code/commitOutcomeUnknown`` is deliberately not one.
    package var isConnectionProblem: Bool {
        if code == .connectionFailed || code == .connectionLost { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    /// The database is away or its answer was lost: nobody's fault, worth trying again later.
    package var isUnavailable: Bool {
        isConnectionProblem || code == .commitOutcomeUnknown || code == .poolClosed
    }

    /// The work waited too long (`lock_timeout` 55P03, `statement_timeout` 57014, no free connection) or
    /// kept conflicting (40001, 40P01 after the retries): the system is busy, not broken.
    package var isBusy: Bool {
        code == .poolTimeout || isTransactionConflict || sqlState == "55P03" || sqlState == "57014"
    }

    package var description: String {
        var text = "PostgresError.\(code)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let query { text += " (query: \(query.count > 200 ? String(query.prefix(200)) + "…" : query))" }
        return text
    }
}
