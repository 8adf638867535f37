/// The one error type of the PostgreSQL adapter: an extensible ``Code`` plus what the server said.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration, connectionFailed, connectionLost, queryFailed
            case commitOutcomeUnknown, injectedFault, decodingFailed, poolClosed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A connection URL or option is malformed.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// No connection could be opened.
        public static let connectionFailed = Code(.connectionFailed)
        /// An open connection broke (server restart, network); the statement may or may not have run.
        public static let connectionLost = Code(.connectionLost)
        /// The server rejected the statement; see ``PostgresError/sqlState``.
        public static let queryFailed = Code(.queryFailed)
        /// The connection broke while COMMIT was in flight: the transaction may or may not be committed.
        public static let commitOutcomeUnknown = Code(.commitOutcomeUnknown)
        /// A fault armed through ``PostgresFaultInjector`` fired where no more specific code applies.
        public static let injectedFault = Code(.injectedFault)
        /// A column was missing, NULL or not in the expected text format.
        public static let decodingFailed = Code(.decodingFailed)
        /// The pool was closed.
        public static let poolClosed = Code(.poolClosed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The five-character SQLSTATE the server reported, when it reported one.
    public var sqlState: String?
    public var message: String
    /// The statement that failed, when a statement failed.
    public var query: String?

    public init(code: Code, sqlState: String? = nil, message: String, query: String? = nil) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.query = query
    }

    /// A serialization failure (40001) or deadlock (40P01): running the transaction again may succeed.
    public var isTransactionConflict: Bool {
        sqlState == "40001" || sqlState == "40P01"
    }

    /// The connection could not be opened or broke (including SQLSTATE class 08 and the
    /// 57P01-57P03 shutdown states). ``Code/commitOutcomeUnknown`` is deliberately not one.
    public var isConnectionProblem: Bool {
        if code == .connectionFailed || code == .connectionLost { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    public var description: String {
        var text = "PostgresError.\(code)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let query { text += " (query: \(query.count > 200 ? String(query.prefix(200)) + "…" : query))" }
        return text
    }
}
