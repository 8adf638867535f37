import CLibPQ
import Glibc

/// Owns one `PGconn *` and is the only code that calls libpq. Every failure becomes a
/// ``PostgresError`` in ``failure(_:query:)``; every `PGresult` is cleared before returning.
///
/// `@unchecked Sendable`: a `PGconn` must not be used by two threads at once. A handle is created,
/// used and finished only on its ``PostgresConnection``'s dedicated thread; `deinit` runs when nothing
/// else holds the handle any more, so its `PQfinish` cannot overlap another call.
final class LibPQHandle: @unchecked Sendable {
    private var conn: OpaquePointer?

    private init(conn: OpaquePointer) { self.conn = conn }

    deinit { finish() }

    /// Opens a connection (blocking, bounded by `connect_timeout`).
    static func connect(conninfo: String) throws(PostgresError) -> LibPQHandle {
        guard let conn = PQconnectdb(conninfo) else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(conn))
            PQfinish(conn)
            throw PostgresError(code: .connectionFailed, message: message)
        }
        // libpq prints NOTICEs to stderr by default; the server log has them if anyone needs them.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        return LibPQHandle(conn: conn)
    }

    var isOpen: Bool { conn != nil }
    /// `host:port` of the server this connection went to (of a multi-host list, the one that answered).
    var endpoint: String? {
        guard let conn, let host = PQhost(conn), let port = PQport(conn) else { return nil }
        return "\(String(cString: host)):\(String(cString: port))"
    }
    /// True when the connection is open and libpq has not seen it break.
    var isStatusOK: Bool { conn.map { PQstatus($0) == CONNECTION_OK } ?? false }
    /// True when no transaction is open (so the connection can go back to a pool as is).
    var isIdleOutsideTransaction: Bool { conn.map { PQtransactionStatus($0) == PQTRANS_IDLE } ?? false }

    func finish() {
        if let conn { PQfinish(conn) }
        conn = nil
        prepared = [:]
    }

    /// Statements prepared on this connection, by their text: a statement with parameters is parsed and
    /// analysed once per connection (`PQprepare`) and then only bound and executed (`PQexecPrepared`),
    /// which saves the server most of the work of a small statement. Bounded: past
    /// ``statementCacheLimit`` distinct texts (list queries with many filter combinations) the rest run
    /// unprepared through `PQexecParams`.
    private var prepared: [String: String] = [:]
    private var preparedCount = 0
    static let statementCacheLimit = 256

    /// How many statements this connection has prepared (tests).
    var preparedStatementCount: Int { prepared.count }

    /// Runs `sql`: prepared once and then executed by name (text format, types inferred) when there are
    /// parameters, through `PQexec` (which allows several statements) when there are none.
    ///
    /// A prepared statement whose result columns changed under it (a migration altered a table that a
    /// `select *` reads) fails with "cached plan must not change result type": it is forgotten, and run
    /// again prepared afresh when no transaction is open; inside a transaction the error is thrown
    /// (``PostgresError/isStalePlan``) and the pool runs the transaction again.
    func execute(_ sql: String, _ parameters: [String?]) throws(PostgresError) -> PostgresResult {
        guard let conn else { throw PostgresError(code: .connectionLost, message: "the connection is closed", query: sql) }
        if parameters.isEmpty { return try finish(PQexec(conn, sql), query: sql) }
        do {
            return try executePrepared(conn, sql, parameters)
        } catch  where error.isStalePlan {
            prepared[sql] = nil
            guard PQtransactionStatus(conn) == PQTRANS_IDLE else { throw error }
            return try executePrepared(conn, sql, parameters)
        }
    }

    private func executePrepared(_ conn: OpaquePointer, _ sql: String, _ parameters: [String?]) throws(PostgresError) -> PostgresResult {
        let cStrings = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { cStrings.forEach { free($0) } }
        let count = Int32(clamping: parameters.count)
        var name = prepared[sql]
        if name == nil, prepared.count < Self.statementCacheLimit {
            preparedCount += 1
            let fresh = "o2c_\(preparedCount)"
            _ = try finish(PQprepare(conn, fresh, sql, count, nil), query: sql)
            prepared[sql] = fresh
            name = fresh
        }
        let result = cStrings.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            if let name {
                PQexecPrepared(conn, name, count, values.baseAddress, nil, nil, 0)
            } else {
                PQexecParams(conn, sql, count, nil, values.baseAddress, nil, nil, 0)
            }
        }
        return try finish(result, query: sql)
    }

    /// Converts a result and clears it; a failed one becomes a ``PostgresError``.
    private func finish(_ result: OpaquePointer?, query sql: String) throws(PostgresError) -> PostgresResult {
        defer { PQclear(result) }
        guard let result else { throw failure(nil, query: sql) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return Self.convert(result)
        default: throw failure(result, query: sql)
        }
    }

    /// Waits up to `milliseconds` for the socket to become readable, reads what arrived and returns the
    /// first queued notification, if any.
    func nextNotification(waitingUpTo milliseconds: Int32) throws(PostgresError) -> PostgresNotification? {
        guard let conn else { throw PostgresError(code: .connectionLost, message: "the connection is closed") }
        if let queued = takeNotification() { return queued }
        var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready < 0 && errno != EINTR {
            throw PostgresError(code: .connectionLost, message: "poll() on the connection's socket failed (errno \(errno))")
        }
        if ready > 0 && PQconsumeInput(conn) == 0 { throw failure(nil, query: nil) }
        return takeNotification()
    }

    /// Reads what the server has sent so far, without waiting, and drops the notifications it holds;
    /// returns how many there were.
    func discardNotifications() throws(PostgresError) -> Int {
        guard let conn else { throw PostgresError(code: .connectionLost, message: "the connection is closed") }
        var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 0) > 0 && PQconsumeInput(conn) == 0 { throw failure(nil, query: nil) }
        var count = 0
        while takeNotification() != nil { count += 1 }
        return count
    }

    /// Reads whatever the server sent without waiting; false when that shows the connection is gone
    /// (e.g. the server closed it while it sat idle in a pool).
    func probe() -> Bool {
        guard let conn, PQstatus(conn) == CONNECTION_OK else { return false }
        // A server that shut down sends a FATAL error (which libpq hands to the silenced notice
        // processor when idle) and then closes: EOF shows up on a later read, so read until quiet.
        for _ in 0..<4 {
            var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { break }
            if PQconsumeInput(conn) == 0 { return false }
        }
        return PQstatus(conn) == CONNECTION_OK
    }

    private func takeNotification() -> PostgresNotification? {
        guard let conn, let notify = PQnotifies(conn) else { return nil }
        defer { PQfreemem(notify) }
        return PostgresNotification(
            channel: String(cString: notify.pointee.relname),
            payload: notify.pointee.extra.map { String(cString: $0) } ?? "")
    }

    /// The one place a libpq failure becomes a ``PostgresError``: SQLSTATE and primary message from the
    /// result when there is one, else the connection's error message; `.connectionLost` when libpq now
    /// reports the connection as broken.
    private func failure(_ result: OpaquePointer?, query: String?) -> PostgresError {
        var sqlState: String?
        var message = ""
        if let result {
            sqlState = PQresultErrorField(result, Self.diagSQLState).map { String(cString: $0) }
            message = PQresultErrorField(result, Self.diagMessagePrimary).map { String(cString: $0) } ?? ""
            if let detail = PQresultErrorField(result, Self.diagMessageDetail) { message += " (\(String(cString: detail)))" }
            if message.isEmpty { message = Self.trimmed(PQresultErrorMessage(result)) }
        }
        if message.isEmpty, let conn { message = Self.trimmed(PQerrorMessage(conn)) }
        if message.isEmpty { message = "unknown libpq error" }
        let broken = conn.map { PQstatus($0) == CONNECTION_BAD } ?? true
        return PostgresError(code: broken ? .connectionLost : .queryFailed, sqlState: sqlState, message: message, query: query)
    }

    // postgres_ext.h defines the PG_DIAG_* field codes as character literals, which Swift does not import.
    private static let diagSQLState = Int32(UInt8(ascii: "C"))
    private static let diagMessagePrimary = Int32(UInt8(ascii: "M"))
    private static let diagMessageDetail = Int32(UInt8(ascii: "D"))

    private static func convert(_ result: OpaquePointer) -> PostgresResult {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        var columns: [String] = []
        var index: [String: Int] = [:]
        for column in 0..<columnCount {
            let name = String(cString: PQfname(result, column))
            if index[name] == nil { index[name] = Int(column) }
            columns.append(name)
        }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    values.append(
                        PQgetvalue(result, row, column).withMemoryRebound(to: UInt8.self, capacity: length) {
                            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                        })
                }
            }
            rows.append(PostgresRow(columns: columns, index: index, values: values))
        }
        let tag = PQcmdStatus(result).map { String(cString: $0) } ?? ""
        let affected = PQcmdTuples(result).map { Int(String(cString: $0)) ?? 0 } ?? 0
        return PostgresResult(rows: rows, affectedRows: affected, commandTag: tag)
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
