import Foundation

/// Where the integration tests find the infrastructure that `scripts/infra.sh start` runs.
/// Every value can be overridden from the environment.
enum TestEnvironment {
    static var adminDatabaseURL: String {
        ProcessInfo.processInfo.environment["O2C_TEST_ADMIN_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/o2c"
    }
    static var amqpURL: String {
        ProcessInfo.processInfo.environment["O2C_TEST_AMQP_URL"] ?? "amqp://o2c:o2c@127.0.0.1:5672/%2F"
    }
    /// The password `scripts/infra.sh` generated for a service's broker user (kept under the run folder),
    /// or `O2C_TEST_AMQP_PASSWORD_<USER>` from the environment.
    static func brokerPassword(for user: String) throws -> String {
        let variable = "O2C_TEST_AMQP_PASSWORD_" + user.uppercased().replacingOccurrences(of: "-", with: "_")
        if let password = ProcessInfo.processInfo.environment[variable], !password.isEmpty { return password }
        let runDirectory = ProcessInfo.processInfo.environment["O2C_RUN_DIR"] ?? "/var/tmp/o2c-run"
        let file = "\(runDirectory)/secrets/amqp-\(user)"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8), !text.isEmpty else {
            throw TestFailure("no password for broker user \(user): run scripts/infra.sh start (it writes \(file)) or set \(variable)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The repository root (for scripts and built executables).
    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }
    /// A name unique to this test run, for schemas, queues and exchanges that tests create.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(UInt32.random(in: 0...UInt32.max))_\(ProcessInfo.processInfo.processIdentifier)"
    }
}
