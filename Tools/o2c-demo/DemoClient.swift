import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import O2CContracts
import O2CRuntime

/// The suite as seen from outside: one base URL per service, a token per role, JSON in and out.
struct DemoClient: Sendable {
    enum Service: String, Sendable { case orders, credit, warehouse, finance, afterSales }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    let bases: [Service: String]
    let tokens: [Role: String]
    /// When set, every call's own duration (request sent to answer read) is recorded in it.
    var timings: CallTimings?
    /// Kept-alive pooled connections, up to 64 per service; `shutdown()` closes them. Not URLSession:
    /// on Linux it costs far more CPU per call, and its libcurl sockets in dispatch sources can crash
    /// the process in libdispatch when a socket closes (swift-corelibs-foundation #4791, #5469).
    let http: HTTPClient

    static func make(host: String, secret: String, timings: CallTimings? = nil) async throws -> DemoClient {
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            tokens[role] = try await TokenMinter.token(secret: secret, subject: "demo-\(role.rawValue)", roles: [role])
        }
        let bases: [Service: String] = [
            .orders: "http://\(host):8081", .credit: "http://\(host):8082",
            .warehouse: "http://\(host):8083", .finance: "http://\(host):8084", .afterSales: "http://\(host):8085",
        ]
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(
                timeout: .init(connect: .seconds(5), read: .seconds(30)),
                connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))
        return DemoClient(bases: bases, tokens: tokens, timings: timings, http: http)
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    /// Sends a request; anything but 2xx throws with the method, path, role, status and body (read up to 16 MB).
    func raw(_ method: String, _ service: Service, _ path: String, as role: Role, _ body: [String: Any]? = nil) async throws -> Any {
        guard let base = bases[service] else { throw Failure("no base URL for \(service.rawValue)") }
        var request = HTTPClientRequest(url: base + path)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(tokens[role] ?? "")")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let started = ContinuousClock.now
        let response = try await http.execute(request, timeout: .seconds(30))
        let data = Data(try await response.body.collect(upTo: 16 << 20).readableBytesView)
        let status = Int(response.status.code)
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
