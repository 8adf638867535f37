import Foundation
import Logging
import O2CPostgres
import Testing

/// Issue 10, item 5 ("no default secrets"): the PostgreSQL that `scripts/infra.sh start` runs asks every
/// TCP login for the role's own password (scram-sha-256), generated per installation into
/// `${O2C_RUN_DIR:-/var/tmp/o2c-run}/secrets/pg-<role>`. Against the server the other integration tests
/// use (host and port of `TestEnvironment.adminDatabaseURL`).
@Suite("PostgreSQL authentication (real server)")
struct PostgresAuthenticationTests {
    static let serviceRoles = ["o2c_orders", "o2c_credit", "o2c_warehouse", "o2c_finance", "o2c_aftersales"]
    let logger = Logger(label: "test.postgres.auth")

    /// The server of the admin URL, as `role` with `password` (nil: none).
    func configuration(role: String, password: String?) throws -> PostgresConfiguration {
        var configuration = try PostgresConfiguration(url: TestEnvironment.adminDatabaseURL, applicationName: "o2c-auth-tests")
        configuration.user = role
        configuration.password = password
        return configuration
    }

    /// The message of the error connecting throws; nil when the connection opens.
    func refusal(_ configuration: PostgresConfiguration) async -> String? {
        do {
            let connection = try await PostgresConnection.connect(configuration, logger: logger)
            await connection.close()
            return nil
        } catch {
            #expect(error.code == .connectionFailed, "a refused login is a connection failure: \(error)")
            return error.message
        }
    }

    /// libpq takes a password from PGPASSWORD or a password file when the conninfo has none; with
    /// either, "without a password" would not be what this test sends.
    func requireNoAmbientPassword() throws {
        let environment = ProcessInfo.processInfo.environment
        try #require(environment["PGPASSWORD"] == nil, "unset PGPASSWORD: libpq would send it for the login without a password")
        let passfile = environment["PGPASSFILE"] ?? (NSHomeDirectory() + "/.pgpass")
        try #require(!FileManager.default.fileExists(atPath: passfile), "libpq would take a password from \(passfile)")
    }

    @Test(
        "a service role is refused without its password and with a wrong one (its name, the old default), and logs in with its own",
        arguments: serviceRoles)
    func serviceRoleNeedsItsPassword(role: String) async throws {
        try requireNoAmbientPassword()
        let password = try #require(
            TestEnvironment.databasePassword(role: role),
            "no \(TestEnvironment.runDirectory.path)/secrets/pg-\(role): run scripts/infra.sh start (O2C_RUN_DIR says where)")

        let withoutPassword = try #require(
            await refusal(try configuration(role: role, password: nil)), "\(role) logged in without a password")
        #expect(withoutPassword.contains("no password supplied"), "\(withoutPassword)")

        for wrong in [role, password + "x", ""] {
            let message = try #require(
                await refusal(try configuration(role: role, password: wrong)), "\(role) logged in with the wrong password '\(wrong)'")
            #expect(
                message.contains("password authentication failed for user \"\(role)\"")
                    || (wrong.isEmpty && message.contains("no password supplied")), "\(message)")
        }

        let pool = PostgresPool(configuration: try configuration(role: role, password: password), size: 1, logger: logger)
        let user = try await pool.query("select current_user as name").first?.string("name")
        await pool.close()
        #expect(user == role)
    }

    @Test("nobody logs in over TCP without a password: every host rule asks for scram-sha-256, every password is a SCRAM verifier")
    func noPasswordlessLogin() async throws {
        try requireNoAmbientPassword()
        let superuser = try PostgresConfiguration(url: TestEnvironment.adminDatabaseURL).user
        let message = try #require(
            await refusal(try configuration(role: superuser, password: nil)), "\(superuser) logged in over TCP without a password")
        #expect(message.contains("no password supplied"), "\(message)")

        let admin = PostgresPool(configuration: try PostgresConfiguration(url: TestEnvironment.adminDatabaseURL), size: 1, logger: logger)
        let rules = try await admin.query("select type, auth_method from pg_hba_file_rules where type like 'host%' and error is null").rows
        let verifiers = try await admin.query(
            "select rolname, coalesce(rolpassword like 'SCRAM-SHA-256$%', false) as scram from pg_authid where rolname = any(\("{" + (Self.serviceRoles + [superuser]).joined(separator: ",") + "}")::text[])"
        ).rows
        await admin.close()

        #expect(!rules.isEmpty, "pg_hba.conf has host rules")
        for rule in rules {
            let type = try rule.string("type"), method = try rule.string("auth_method")
            #expect(method == "scram-sha-256", "pg_hba.conf rule \(type) \(method)")
        }
        #expect(verifiers.count == Self.serviceRoles.count + 1, "every service role and the superuser exist")
        for row in verifiers {
            let role = try row.string("rolname"), scram = try row.bool("scram")
            #expect(scram, "\(role) has a SCRAM-SHA-256 password")
        }
    }
}
