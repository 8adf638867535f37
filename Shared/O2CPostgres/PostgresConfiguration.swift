import Foundation

/// Where and as whom to connect. Built from a `postgres://user[:password]@host[:port]/database` URL, or
/// libpq's multi-host form `postgres://user:password@host1:port1,host2:port2/database?target_session_attrs=read-write`.
package struct PostgresConfiguration: Sendable {
    /// One server address; of several, libpq tries them in order and keeps the first that suits
    /// `targetSessionAttributes`.
    package struct Server: Sendable, Hashable {
        package var host: String
        package var port: Int

        package init(host: String, port: Int = 5432) {
            self.host = host
            self.port = port
        }
    }

    /// The servers to try, in order (at least one): a primary and its standbys, or one server.
    package var servers: [Server]
    /// The first server's host (setting it makes the configuration a single server at that host).
    package var host: String {
        get { servers[0].host }
        set { servers = [Server(host: newValue, port: servers[0].port)] }
    }
    /// The first server's port (setting it makes the configuration a single server at that port).
    package var port: Int {
        get { servers[0].port }
        set { servers = [Server(host: servers[0].host, port: newValue)] }
    }
    /// libpq `target_session_attrs` (`read-write` to find the primary among several servers); nil: any.
    package var targetSessionAttributes: String?
    package var user: String
    package var password: String?
    package var database: String
    package var applicationName: String
    package var connectTimeoutSeconds: Int
    /// libpq `sslmode` (`disable`, `prefer`, `require`, …); `nil` leaves libpq's default.
    package var sslMode: String?
    /// The session's `search_path`: a service sets its own schema so its SQL names tables unqualified.
    package var searchPath: String?
    /// `statement_timeout` of every session, in milliseconds (0: none). A statement running longer is cancelled (57014).
    package var statementTimeoutMilliseconds = 30_000
    /// `lock_timeout` of every session, in milliseconds (0: none). A statement waiting longer for a lock —
    /// a row, a table or an advisory lock — fails with 55P03.
    package var lockTimeoutMilliseconds = 5_000

    package init(
        host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
        applicationName: String = "o2c", connectTimeoutSeconds: Int = 5, sslMode: String? = nil
    ) {
        self.servers = [Server(host: host, port: port)]
        self.user = user
        self.password = password
        self.database = database
        self.applicationName = applicationName
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.sslMode = sslMode
    }

    /// The values libpq takes for `target_session_attrs`.
    package static let targetSessionAttributeValues = ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"]
    /// The most servers one URL may list.
    package static let maximumServers = 16

    /// Parses `postgres://` or `postgresql://` URLs. User, password and database are percent-decoded;
    /// an IPv6 host goes in brackets; several `host[:port]` separated by commas are tried in turn by
    /// libpq. Query items `sslmode`, `connect_timeout`, `application_name` and `target_session_attrs`
    /// are understood; anything else is refused so a typo does not pass silently.
    package init(url: String, applicationName: String = "o2c") throws(PostgresError) {
        func invalid(_ why: String) -> PostgresError {
            PostgresError(code: .invalidConfiguration, message: "invalid PostgreSQL URL \(Self.redacted(url)): \(why)")
        }
        guard let schemeEnd = url.range(of: "://") else { throw invalid("expected postgres://user[:password]@host[:port]/database") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("scheme must be postgres or postgresql, not '\(scheme)'")
        }
        var rest = Substring(url[schemeEnd.upperBound...])
        var queryItems: [(String, String)] = []
        if let q = rest.firstIndex(of: "?") {
            for item in rest[rest.index(after: q)...].split(separator: "&") where !item.isEmpty {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2, let value = Self.percentDecoded(pair[1]) else { throw invalid("malformed query item '\(item)'") }
                queryItems.append((String(pair[0]), value))
            }
            rest = rest[..<q]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw invalid("missing /database") }
        guard let database = Self.percentDecoded(rest[rest.index(after: slash)...]), !database.isEmpty else {
            throw invalid("missing or malformed database name")
        }
        let authority = rest[..<slash]
        guard let at = authority.lastIndex(of: "@") else { throw invalid("missing user@ before the host") }
        let userInfo = authority[..<at]
        let hostPort = authority[authority.index(after: at)...]
        let userPart: Substring
        var password: String?
        if let colon = userInfo.firstIndex(of: ":") {
            userPart = userInfo[..<colon]
            guard let decoded = Self.percentDecoded(userInfo[userInfo.index(after: colon)...]) else {
                throw invalid("malformed percent-encoding in the password")
            }
            password = decoded
        } else {
            userPart = userInfo
        }
        guard let user = Self.percentDecoded(userPart), !user.isEmpty else { throw invalid("missing or malformed user name") }
        let entries = hostPort.split(separator: ",", omittingEmptySubsequences: false)
        guard entries.count <= Self.maximumServers else { throw invalid("at most \(Self.maximumServers) hosts, got \(entries.count)") }
        var servers: [Server] = []
        for entry in entries { servers.append(try Self.server(entry, invalid: invalid)) }
        self.init(
            host: servers[0].host, port: servers[0].port, user: user, password: password, database: database,
            applicationName: applicationName)
        self.servers = servers
        for (key, value) in queryItems {
            switch key {
            case "sslmode": sslMode = value
            case "application_name": self.applicationName = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds >= 0 else {
                    throw invalid("connect_timeout '\(value)' is not a whole number of seconds")
                }
                connectTimeoutSeconds = seconds
            case "target_session_attrs":
                guard Self.targetSessionAttributeValues.contains(value) else {
                    throw invalid(
                        "target_session_attrs must be one of \(Self.targetSessionAttributeValues.joined(separator: ", ")), got '\(value)'")
                }
                targetSessionAttributes = value
            default:
                throw invalid(
                    "unsupported query parameter '\(key)' (supported: sslmode, connect_timeout, application_name, target_session_attrs)")
            }
        }
    }

    /// The libpq keyword/value connection string. Every value is single-quoted with `\` and `'` escaped.
    /// Sessions run with `TimeZone=UTC` and `DateStyle=ISO`, the statement and lock timeouts, TCP
    /// keepalives on, and `client_connection_check_interval` so that the server abandons (and rolls back)
    /// a statement within a second of its client dying, instead of holding its locks until it finishes.
    package var conninfo: String {
        var pairs: [(String, String)] = [
            ("host", servers.map(\.host).joined(separator: ",")), ("port", servers.map { String($0.port) }.joined(separator: ",")),
            ("user", user), ("dbname", database),
            ("application_name", applicationName), ("connect_timeout", String(connectTimeoutSeconds)),
            (
                "options",
                "-c TimeZone=UTC -c DateStyle=ISO -c statement_timeout=\(statementTimeoutMilliseconds)"
                    + " -c lock_timeout=\(lockTimeoutMilliseconds) -c client_connection_check_interval=1000"
                    + (searchPath.map { " -c search_path=\($0)" } ?? "")
            ),
            ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
        ]
        if let password { pairs.append(("password", password)) }
        if let sslMode { pairs.append(("sslmode", sslMode)) }
        if let targetSessionAttributes { pairs.append(("target_session_attrs", targetSessionAttributes)) }
        return pairs.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return "\(key)='\(escaped)'"
        }.joined(separator: " ")
    }

    /// One `host[:port]` or `[v6host][:port]` of the URL's host list.
    private static func server(_ hostPort: Substring, invalid: (String) -> PostgresError) throws(PostgresError) -> Server {
        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("unterminated [IPv6] host") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after ]") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
        }
        guard !host.isEmpty else { throw invalid("missing host") }
        var port = 5432
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("port '\(portText)' is not a number in 1...65535")
            }
            port = value
        }
        return Server(host: String(host), port: port)
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The URL with any password replaced, for error messages.
    private static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"), let at = url[schemeEnd.upperBound...].lastIndex(of: "@") else { return "'\(url)'" }
        let userInfo = url[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return "'\(url)'" }
        return "'\(url[..<colon]):***\(url[at...])'"
    }
}
