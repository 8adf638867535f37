import Foundation

/// Runs `scripts/infra.sh` (restarts of the broker or the database during a test).
enum Infrastructure {
    static func run(_ command: String, _ arguments: String...) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestEnvironment.repositoryRoot.appendingPathComponent("scripts/infra.sh").path, command] + arguments
        try process.run()
        while ChildProcess.exitStatus(of: process) == nil { try await Task.sleep(for: .milliseconds(50)) }
        let status = ChildProcess.exitStatus(of: process) ?? -1
        guard status == 0 else { throw TestFailure("infra.sh \(command) failed (\(status))") }
    }

    /// Runs `scripts/infra.sh COMMAND ARGUMENTS` and returns what it printed on standard output.
    static func output(_ command: String, _ arguments: String...) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestEnvironment.repositoryRoot.appendingPathComponent("scripts/infra.sh").path, command] + arguments
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("infra-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        process.standardOutput = try FileHandle(forWritingTo: file)
        try process.run()
        while ChildProcess.exitStatus(of: process) == nil { try await Task.sleep(for: .milliseconds(50)) }
        let status = ChildProcess.exitStatus(of: process) ?? -1
        guard status == 0 else { throw TestFailure("infra.sh \(command) \(arguments.joined(separator: " ")) failed (\(status))") }
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    static func runInBackground(_ command: String) -> Task<Void, any Error> {
        Task.detached { try await run(command) }
    }
}

/// Reaps child processes with waitpid. Under the Swift Testing runner on Linux, Foundation's
/// `Process` does not always notice that a child exited (`waitUntilExit` hangs on a zombie), so the
/// tests wait for their children themselves.
enum ChildProcess {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var reaped: [Int32: Int32] = [:]

    /// The exit status if the process has ended (reaping it), else nil.
    static func exitStatus(of process: Process) -> Int32? {
        let pid = process.processIdentifier
        lock.lock()
        defer { lock.unlock() }
        if let status = reaped[pid] { return status }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid {
            let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            reaped[pid] = code
            return code
        }
        if result < 0 && !process.isRunning {  // Foundation reaped it first
            reaped[pid] = process.terminationStatus
            return process.terminationStatus
        }
        return nil
    }

    static func waitForExit(_ process: Process) -> Int32 {
        while true {
            if let status = exitStatus(of: process) { return status }
            usleep(20_000)
        }
    }
}
