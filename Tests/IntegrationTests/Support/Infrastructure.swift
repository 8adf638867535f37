import Foundation

/// Runs `scripts/infra.sh` (restarts of the broker or the database during a test).
enum Infrastructure {
    static func run(_ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestEnvironment.repositoryRoot.appendingPathComponent("scripts/infra.sh").path, command]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("infra.sh \(command) failed (\(process.terminationStatus))") }
    }

    static func runInBackground(_ command: String) -> Task<Void, any Error> {
        Task.detached { try run(command) }
    }
}
