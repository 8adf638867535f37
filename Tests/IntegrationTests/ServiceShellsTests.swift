import Foundation
import Testing

/// Each of the five executables starts as its own process, migrates its schema, reports ready, serves
/// metrics, refuses a bad configuration with one line, and stops gracefully on SIGTERM.
@Suite("The five services start, migrate, serve health and stop gracefully", .serialized)
struct ServiceShellsTests {
    @Test(
        "starts ready and exits 0 on SIGTERM", arguments: ["orders", "credit", "warehouse-dispatch", "finance-collections", "after-sales"])
    func startsAndStops(executable: String) async throws {
        let harness = try await ServiceHarness(executable: executable)
        do {
            let process = try await harness.start()
            let (ready, status) = try await harness.http("GET", process, "/health/ready")
            #expect(status == 200)
            #expect(String(decoding: ready, as: UTF8.self).contains(#""ready":true"#))
            // The relay reports its outbox gauges from its first round on.
            try await eventually("outbox gauges on /metrics", timeout: .seconds(10)) {
                let (metrics, _) = try await harness.http("GET", process, "/metrics")
                return String(decoding: metrics, as: UTF8.self).contains("o2c_outbox_pending")
            }
            let migrations = try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).schema_migrations")
            #expect(try migrations.rows[0].int("n") >= 3)
            let (_, anonymous) = try await harness.http("GET", process, "/v1/anything")
            #expect(anonymous == 401)
            #expect(await process.terminate() == 0)
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }

    @Test("a missing setting is refused with one line naming it")
    func refusesBadConfiguration() async throws {
        let process = try ServiceProcess(
            executable: "credit", port: 19_099,
            environment: ["O2C_DATABASE_URL": "", "O2C_AMQP_URL": TestEnvironment.amqpURL, "O2C_AUTH_SECRET": ServiceHarness.secret])
        let status = process.waitForExit()
        #expect(status == 2)
        #expect(
            process.log.trimmingCharacters(in: .whitespacesAndNewlines)
                == "credit: refusing to start: O2C_DATABASE_URL is required but not set")
    }
}
