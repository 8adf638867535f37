import Foundation
import O2CContracts
import O2CRuntime
import Testing

/// The README's run command on a machine where no auth secret was ever given (issue 10, "No default
/// secrets"): `scripts/run.sh` generates one for this installation, keeps it readable only by its owner,
/// says once where it is and how to mint a token with it, and the services accept exactly the tokens
/// signed with it. Runs the real script (servers, five services on 8081–8085), without the demo.
@Suite("scripts/run.sh without a secret", .serialized)
struct RunScriptTests {
    @Test("a fresh scripts/run.sh with no secret set starts with a generated one and prints how to get it")
    func generatesASecret() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("o2c-run-\(UUID().uuidString.prefix(8))")
        let secretFile = directory.appendingPathComponent("secrets/auth-secret")
        let output = directory.appendingPathComponent("run.log")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        FileManager.default.createFile(atPath: output.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestEnvironment.repositoryRoot.appendingPathComponent("scripts/run.sh").path]
        var environment = ProcessInfo.processInfo.environment
        environment["O2C_AUTH_SECRET"] = nil
        environment["O2C_AUTH_SECRET_FILE"] = secretFile.path
        environment["O2C_DEMO"] = "0"
        environment["O2C_RUN_SKIP_BUILD"] = "1"
        environment["O2C_BIN"] = ServiceProcess.binDirectory.path
        process.environment = environment
        let log = try FileHandle(forWritingTo: output)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer {
            if ChildProcess.exitStatus(of: process) == nil {
                kill(process.processIdentifier, SIGTERM)
                _ = ChildProcess.waitForExit(process)
            }
        }

        func text() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        try await eventually("the suite is up", timeout: .seconds(180), every: .milliseconds(500)) {
            if let status = ChildProcess.exitStatus(of: process) { throw TestFailure("run.sh exited \(status):\n\(text())") }
            return text().contains("The suite is up")
        }
        let printed = text()
        #expect(printed.contains("generated an auth secret for this installation in \(secretFile.path)"), "\(printed)")
        #expect(printed.contains("o2cctl token"), "it says how to mint a token")
        #expect(!printed.contains("NO (see"), "every service ready:\n\(printed)")

        let secret = try String(contentsOf: secretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.utf8.count >= 32)
        let mode = try FileManager.default.attributesOfItem(atPath: secretFile.path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "only its owner reads the secret")

        let good = try await TokenMinter.token(secret: secret, subject: "run-test", roles: [.salesManager])
        let other = try await TokenMinter.token(secret: String(repeating: "x", count: 40), subject: "run-test", roles: [.salesManager])
        let url = "http://127.0.0.1:8081/v1/customers/no-such-customer"
        #expect(try await HTTPClient.request("GET", url, token: good).status == 404, "a token signed with the generated secret works")
        #expect(try await HTTPClient.request("GET", url, token: other).status == 401, "no other secret is accepted")

        kill(process.processIdentifier, SIGTERM)
        let status = ChildProcess.waitForExit(process)
        #expect(text().contains("stopped."), "run.sh shuts the services down on SIGTERM (exit \(status))")
    }
}
