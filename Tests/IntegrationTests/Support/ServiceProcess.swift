import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One of the project's executables started as a separate process, as in production, with its output
/// in a log file under the system temp directory.
final class ServiceProcess: @unchecked Sendable {
    // @unchecked Sendable: `process` is only started and signalled from the test that owns it.
    let name: String
    let port: Int
    let logURL: URL
    private let process = Process()

    /// The directory of the built executables: the test runner lives in it.
    static var binDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    init(executable: String, port: Int, environment: [String: String], label: String? = nil) throws {
        self.name = label ?? executable
        self.port = port
        self.logURL = FileManager.default.temporaryDirectory.appendingPathComponent(
            "o2c-\(name)-\(port)-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = Self.binDirectory.appendingPathComponent(executable)
        var env = ProcessInfo.processInfo.environment
        env["O2C_HTTP_PORT"] = "\(port)"
        env["O2C_LOG_LEVEL"] = env["O2C_TEST_LOG_LEVEL"] ?? "info"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    private var exitStatus: Int32?
    var isRunning: Bool { exitStatus == nil && ChildProcess.exitStatus(of: process) == nil }

    /// Waits for the process to end by itself; returns its exit status.
    func waitForExit() -> Int32 {
        let status = ChildProcess.waitForExit(process)
        exitStatus = status
        return status
    }

    func kill() {
        Foundation.kill(pid, SIGKILL)
        exitStatus = ChildProcess.waitForExit(process)
    }

    /// SIGTERM, then waits for the graceful shutdown; returns the exit status (nil if it had to be killed).
    @discardableResult
    func terminate(timeout: Duration = .seconds(30)) async -> Int32? {
        Foundation.kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = ChildProcess.exitStatus(of: process) {
                exitStatus = status
                return status
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill()
        return nil
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Waits until `/health/ready` answers 200.
    func waitUntilReady(timeout: Duration = .seconds(60)) async throws {
        try await eventually("\(name) ready on :\(port)", timeout: timeout) {
            guard self.isRunning else { throw TestFailure("\(self.name) exited:\n\(self.log.suffix(3000))") }
            return try await self.health("/health/ready") == 200
        }
    }

    func health(_ path: String) async throws -> Int {
        let (_, status) = try await HTTPClient.request("GET", "http://127.0.0.1:\(port)\(path)")
        return status
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it is true or the time is up.
func eventually(
    _ what: String, timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(100),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    var lastError: (any Error)?
    while ContinuousClock.now < deadline {
        do {
            if try await condition() { return }
        } catch let failure as TestFailure {
            throw failure
        } catch {
            lastError = error
        }
        try await Task.sleep(for: interval)
    }
    throw TestFailure("timed out after \(timeout) waiting for \(what)\(lastError.map { "; last error: \($0)" } ?? "")")
}

/// A minimal HTTP client for the tests, over AsyncHTTPClient (swift-nio). Not URLSession: on Linux its
/// libcurl sockets live in dispatch sources whose teardown can race the socket's close and stop the whole
/// test process with SIGILL in libdispatch (swift-corelibs-foundation #4791, #5469), which CI saw.
enum HTTPClient {
    /// One client for every test request, allowing many requests to one service at once. Redirects are
    /// not followed: a test sees the answer the service gave.
    static let shared = AsyncHTTPClient.HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: AsyncHTTPClient.HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5)),
            connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))

    /// The largest answer body a test reads (the biggest lists and forms are far below it).
    static let bodyLimit = 64 << 20

    static func request(
        _ method: String, _ url: String, token: String? = nil, json: String? = nil, headers: [String: String] = [:]
    ) async throws -> (body: Data, status: Int) {
        let (body, status, _) = try await exchange(method, url, token: token, json: json, headers: headers)
        return (body, status)
    }

    /// A request with its answer's headers (names in lower case, repeated fields joined with ", ");
    /// `timeout` is how long the client waits for the whole answer before it gives up.
    static func exchange(
        _ method: String, _ url: String, token: String? = nil, json: String? = nil, headers: [String: String] = [:],
        timeout: TimeInterval = 30
    ) async throws -> (body: Data, status: Int, headers: [String: String]) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        if let token { request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.body = .bytes(ByteBuffer(string: json))
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
        let buffer = try await response.body.collect(upTo: bodyLimit)
        var fields: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            fields[key] = fields[key].map { "\($0), \(value)" } ?? value
        }
        return (Data(buffer.readableBytesView), Int(response.status.code), fields)
    }
}
