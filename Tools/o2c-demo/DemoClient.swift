import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import O2CContracts
import O2CRuntime

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The suite as seen from outside: one base URL per service, a token per role, JSON in and out.
struct DemoClient: Sendable {
    enum Service: String, Sendable { case orders, credit, warehouse, finance, afterSales }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    let bases: [Service: String]
    let tokens: [Role: String]
    let session: URLSession
    /// When set, every call's own duration (request sent to answer read) is recorded in it.
    var timings: CallTimings?
    /// When set, calls go through this NIO client (kept-alive pooled connections, far less CPU per call
    /// than URLSession on Linux) instead of `session`; `shutdown()` closes it.
    var nio: HTTPClient?

    /// `nio`: the benchmark's transport (AsyncHTTPClient, up to 64 connections per service); the demo keeps URLSession.
    static func make(host: String, secret: String, timings: CallTimings? = nil, nio: Bool = false) async throws -> DemoClient {
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            tokens[role] = try await TokenMinter.token(secret: secret, subject: "demo-\(role.rawValue)", roles: [role])
        }
        let configuration = URLSessionConfiguration.default
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 30
        let bases: [Service: String] = [
            .orders: "http://\(host):8081", .credit: "http://\(host):8082",
            .warehouse: "http://\(host):8083", .finance: "http://\(host):8084", .afterSales: "http://\(host):8085",
        ]
        let client: HTTPClient? =
            nio
            ? HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: HTTPClient.Configuration(
                    timeout: .init(connect: .seconds(5), read: .seconds(30)),
                    connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))
            : nil
        return DemoClient(
            bases: bases, tokens: tokens, session: URLSession(configuration: configuration), timings: timings, nio: client)
    }

    func shutdown() async {
        try? await nio?.shutdown()
    }

    /// One request through the NIO client: the status and the body (at most 16 MB).
    private func send(_ client: HTTPClient, _ method: String, _ url: String, role: Role, body: Data?) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: url)
        request.method = .RAW(value: method)
        request.headers.add(name: "Authorization", value: "Bearer \(tokens[role] ?? "")")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        var buffer = try await response.body.collect(upTo: 16 << 20)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        return (Int(response.status.code), Data(bytes))
    }

    /// Sends a request; anything but 2xx throws with the method, path, role, status and body.
    func raw(_ method: String, _ service: Service, _ path: String, as role: Role, _ body: [String: Any]? = nil) async throws -> Any {
        guard let base = bases[service], let url = URL(string: base + path) else { throw Failure("bad path \(path)") }
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let started = ContinuousClock.now
        let data: Data
        let status: Int
        if let nio {
            (status, data) = try await send(nio, method, base + path, role: role, body: payload)
        } else {
            var request = URLRequest(url: url)
            request.httpMethod = method
            request.setValue("Bearer \(tokens[role] ?? "")", forHTTPHeaderField: "Authorization")
            if let payload {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = payload
            }
            let (received, response) = try await session.data(for: request)
            data = received
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
        }
        if let timings { await timings.record("\(method) \(service.rawValue)", ContinuousClock.now - started) }
        guard (200..<300).contains(status) else {
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            throw Failure("\(method) \(path) as \(role.rawValue) → \(status): \(text)")
        }
        if data.isEmpty { return [String: Any]() }
        return try JSONSerialization.jsonObject(with: data)
    }

    func call(
        _ method: String, _ service: Service, _ path: String, as role: Role, _ body: [String: Any]? = nil
    ) async throws -> [String: Any] {
        try await raw(method, service, path, as: role, body) as? [String: Any] ?? [:]
    }

    func list(_ service: Service, _ path: String, as role: Role) async throws -> [[String: Any]] {
        try await raw("GET", service, path, as: role) as? [[String: Any]] ?? []
    }

    /// Polls `probe` every `interval` until it yields a value, or throws after `timeout`.
    func poll<T>(
        _ what: String, timeout: Duration, interval: Duration = .milliseconds(100),
        _ probe: () async throws -> T?
    ) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if let value = try await probe() { return value }
            if clock.now >= deadline { throw Failure("timed out waiting for \(what)") }
            try await Task.sleep(for: interval)
        }
    }

    /// Gives every approval a quote, contract or change request asks for, one per required role.
    func approveAll(_ required: Any?, _ service: Service, _ path: String) async throws {
        for name in required as? [String] ?? [] {
            guard let role = Role(rawValue: name) else { throw Failure("unknown approver role \(name)") }
            _ = try await call("POST", service, path, as: role, ["decision": "approve", "comment": "o2c-demo"])
        }
    }
}

/// The HTTP calls' own durations, by method and service.
actor CallTimings {
    private(set) var milliseconds: [String: [Double]] = [:]

    func record(_ label: String, _ duration: Duration) {
        milliseconds[label, default: []].append(DemoSummary.seconds(duration) * 1000)
    }

    func reset() { milliseconds = [:] }
}
