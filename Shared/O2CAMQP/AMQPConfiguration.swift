import Foundation

/// Where and how to connect to the broker, parsed from an `amqp://` URL.
package struct AMQPConfiguration: Sendable {
    /// One broker address. A cluster's nodes are several: a connection tries them in turn.
    package struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        package var host: String
        package var port: Int

        package init(host: String, port: Int = 5672) {
            self.host = host
            self.port = port
        }

        package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// The brokers to try, in order (at least one): the nodes of a cluster, or one broker.
    package var endpoints: [Endpoint]
    /// The first endpoint's host (setting it makes the configuration a single broker at that host).
    package var host: String {
        get { endpoints[0].host }
        set { endpoints = [Endpoint(host: newValue, port: endpoints[0].port)] }
    }
    /// The first endpoint's port (setting it makes the configuration a single broker at that port).
    package var port: Int {
        get { endpoints[0].port }
        set { endpoints = [Endpoint(host: endpoints[0].host, port: newValue)] }
    }
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
        self.endpoints = [Endpoint(host: host, port: port)]
        self.user = user
        self.password = password
        self.vhost = vhost
        self.heartbeatSeconds = heartbeatSeconds
        self.connectionName = connectionName
    }

    /// The heartbeats a URL may ask for, in seconds (0 turns them off).
    package static let heartbeatRange = 0...600

    /// The index of the broker to try after `endpoint`: the next one in the list, wrapping around.
    func index(after endpoint: Endpoint) -> Int {
        ((endpoints.firstIndex(of: endpoint) ?? -1) + 1) % endpoints.count
    }

    /// The most broker addresses one URL may list.
    package static let maximumEndpoints = 16

    /// Parses `amqp://user:password@host:port/vhost?heartbeat=seconds`, or with the nodes of a cluster,
    /// `amqp://user:password@host1:port1,host2:port2,host3:port3/vhost` (at most 16; each without a port
    /// takes 5672). The vhost is percent-decoded (`%2F` is `/`); without a path the vhost is `/`, without
    /// credentials guest/guest, without `heartbeat` 10 s. Any other query parameter is refused, so that
    /// a misspelt one is not silently ignored.
    package init(url: String, connectionName: String = "o2c") throws(AMQPError) {
        func invalid(_ reason: String) -> AMQPError {
            AMQPError(code: .invalidConfiguration, message: "invalid AMQP URL '\(Self.redacted(url))': \(reason)")
        }
        // URLComponents takes one host: the list is read here and the URL parsed with its first entry.
        var single = url
        var listed: [Endpoint] = []
        if let schemeEnd = url.range(of: "://") {
            let rest = url[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            let hostsStart = authority.lastIndex(of: "@").map { authority.index(after: $0) } ?? authority.startIndex
            let hosts = authority[hostsStart...]
            if hosts.contains(",") {
                let entries = hosts.split(separator: ",", omittingEmptySubsequences: false)
                guard entries.count <= Self.maximumEndpoints else {
                    throw invalid("at most \(Self.maximumEndpoints) broker addresses, got \(entries.count)")
                }
                for entry in entries {
                    guard let endpoint = Self.endpoint(entry) else {
                        throw invalid("'\(entry)' is not host[:port] with a port in 1...65535")
                    }
                    listed.append(endpoint)
                }
                single = String(url[..<hostsStart]) + entries[0] + url[authorityEnd...]
            }
        }
        guard let components = URLComponents(string: single) else { throw invalid("not a URL") }
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
        if !listed.isEmpty { endpoints = listed }
    }

    /// `host`, `host:port` or `[v6]:port` of a listed broker.
    private static func endpoint(_ text: Substring) -> Endpoint? {
        var host = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-_:".contains($0) }) else { return nil }
        var port = 5672
        if let portText {
            guard portText.count <= 5, let value = Int(portText), (1...65535).contains(value) else { return nil }
            port = value
        }
        return Endpoint(host: String(host), port: port)
    }

    /// How often a connection that nothing else reads must be serviced so that its heartbeats flow:
    /// a quarter of the interval (at most 1 s), well inside the two intervals the broker waits.
    package var keepAliveInterval: Duration {
        guard heartbeatSeconds > 0 else { return .seconds(1) }
        return min(.seconds(1), .milliseconds(heartbeatSeconds * 250))
    }

    /// The URL with the password hidden, for messages and logs (read as text: it may not parse).
    static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<rest.index(after: colon)]) + "***" + url[at...]
    }

    /// `host:port,host:port/vhost` for log metadata.
    var endpointDescription: String { "\(endpoints.map(\.description).joined(separator: ",")) vhost \(vhost)" }
}
