import Foundation

/// Where the integration tests find the infrastructure that `scripts/infra.sh start` runs.
/// Every value can be overridden from the environment.
enum TestEnvironment {
    /// `O2C_TEST_ADMIN_DATABASE_URL`, else the superuser on `127.0.0.1:${O2C_PG_PORT:-5432}` with the
    /// password infra.sh generated in `${O2C_RUN_DIR:-/var/tmp/o2c-run}/secrets/pg-postgres`, so that
    /// `swift test` finds the database without an `eval` (the same variables as infra.sh).
    static var adminDatabaseURL: String {
        if let url = environment["O2C_TEST_ADMIN_DATABASE_URL"] { return url }
        return databaseURL(role: "postgres", password: databasePassword(role: "postgres"))
    }
    static var amqpURL: String {
        environment["O2C_TEST_AMQP_URL"] ?? "amqp://o2c:o2c@127.0.0.1:5672/%2F"
    }
    /// The PostgreSQL port `scripts/infra.sh` uses: `O2C_PG_PORT`, default 5432.
    static var databasePort: Int { Int(environment["O2C_PG_PORT"] ?? "") ?? 5432 }
    /// The folder of infra.sh's data and generated secrets: `O2C_RUN_DIR`, default `/var/tmp/o2c-run`.
    static var runDirectory: URL {
        URL(fileURLWithPath: environment["O2C_RUN_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/tmp/o2c-run")
    }
    /// The password infra.sh generated for a PostgreSQL role (`secrets/pg-<role>`), nil when there is
    /// no such readable file.
    static func databasePassword(role: String) -> String? { secret("pg-\(role)") }
    /// A secret infra.sh generated under `secrets/` of the run folder, nil when there is no such readable,
    /// non-empty file.
    static func secret(_ name: String) -> String? {
        let file = runDirectory.appendingPathComponent("secrets/\(name)")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
    /// `postgres://role[:password]@127.0.0.1:<databasePort>/database`, the password percent-encoded.
    static func databaseURL(role: String, password: String?, database: String = "o2c") -> String {
        let encoded = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "") } ?? ""
        return "postgres://\(role)\(encoded)@127.0.0.1:\(databasePort)/\(database)"
    }
    /// The password `scripts/infra.sh` generated for a service's broker user (kept under the run folder),
    /// or `O2C_TEST_AMQP_PASSWORD_<USER>` from the environment.
    static func brokerPassword(for user: String) throws -> String {
        let variable = "O2C_TEST_AMQP_PASSWORD_" + user.uppercased().replacingOccurrences(of: "-", with: "_")
        if let password = environment[variable], !password.isEmpty { return password }
        guard let password = secret("amqp-\(user)") else {
            throw TestFailure(
                "no password for broker user \(user): run scripts/infra.sh start (it writes \(runDirectory.path)/secrets/amqp-\(user)) or set \(variable)"
            )
        }
        return password
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

    private static var environment: [String: String] { ProcessInfo.processInfo.environment }
    /// RFC 3986 unreserved characters: everything else in a password is percent-encoded.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
