import Foundation

/// Where and how to connect to the broker, parsed from an `amqp://` URL.
package struct AMQPConfiguration: Sendable {
    package var host: String
    package var port: Int
    package var user: String
    package var password: String
    package var vhost: String
    /// Heartbeat interval proposed at login (the broker may lower it); 0 disables heartbeats.
    /// The broker drops a connection it has heard nothing on for about two intervals.
    package var heartbeatSeconds: Int = 10
    /// Shown as `connection_name` in the management UI.
    package var connectionName: String
    /// How long to wait for the TCP connect and for each synchronous RPC (declare, qos, ...).
    package var connectTimeout: Duration = .seconds(5)

    package init(
        host: String = "127.0.0.1", port: Int = 5672, user: String = "guest", password: String = "guest",
        vhost: String = "/", heartbeatSeconds: Int = 10, connectionName: String = "o2c"
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.vhost = vhost
        self.heartbeatSeconds = heartbeatSeconds
        self.connectionName = connectionName
    }

    /// The heartbeats a URL may ask for, in seconds (0 turns them off).
    package static let heartbeatRange = 0...600

    /// Parses `amqp://user:password@host:port/vhost?heartbeat=seconds`. The vhost is percent-decoded
    /// (`%2F` is `/`); without a port 5672 is used, without a path the vhost is `/`, without credentials
    /// guest/guest, without `heartbeat` 10 s. Any other query parameter is refused, so that a misspelt
    /// one is not silently ignored.
    package init(url: String, connectionName: String = "o2c") throws(AMQPError) {
        func invalid(_ reason: String) -> AMQPError {
            AMQPError(code: .invalidConfiguration, message: "invalid AMQP URL '\(Self.redacted(url))': \(reason)")
        }
        guard let components = URLComponents(string: url) else { throw invalid("not a URL") }
        guard let scheme = components.scheme?.lowercased() else { throw invalid("missing scheme amqp://") }
        guard scheme == "amqp" else { throw invalid("scheme must be amqp (got \(scheme); TLS is not supported)") }
        guard let host = components.host, !host.isEmpty else { throw invalid("missing host") }
        let port = components.port ?? 5672
        guard (1...65535).contains(port) else { throw invalid("port \(port) out of range") }
        let user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? "guest"
        let password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding } ?? "guest"
        var path = Substring(components.percentEncodedPath)
        if path.hasPrefix("/") { path = path.dropFirst() }
        guard !path.contains("/") else { throw invalid("the vhost must be one path segment (write / as %2F)") }
        guard let vhost = String(path).removingPercentEncoding else { throw invalid("bad percent-encoding in vhost") }
        var heartbeat = 10
        for item in components.queryItems ?? [] {
            guard item.name == "heartbeat" else { throw invalid("unknown query parameter '\(item.name)' (only heartbeat)") }
            guard let text = item.value, let seconds = Int(text), Self.heartbeatRange.contains(seconds) else {
                throw invalid(
                    "heartbeat must be a whole number of seconds in \(Self.heartbeatRange.lowerBound)...\(Self.heartbeatRange.upperBound), got '\(item.value ?? "")'"
                )
            }
            heartbeat = seconds
        }
        self.init(
            host: host, port: port, user: user, password: password, vhost: vhost.isEmpty ? "/" : vhost,
            heartbeatSeconds: heartbeat, connectionName: connectionName)
    }

    /// How often a connection that nothing else reads must be serviced so that its heartbeats flow:
    /// a quarter of the interval (at most 1 s), well inside the two intervals the broker waits.
    package var keepAliveInterval: Duration {
        guard heartbeatSeconds > 0 else { return .seconds(1) }
        return min(.seconds(1), .milliseconds(heartbeatSeconds * 250))
    }

    /// The URL with the password hidden, for messages and logs.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }

    /// `host:port/vhost` for log metadata.
    var endpointDescription: String { "\(host):\(port) vhost \(vhost)" }
}
