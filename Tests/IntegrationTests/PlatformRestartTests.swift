import Foundation
import Testing

/// The servers themselves go away and come back while the fixture service works (issue #2).
/// These restart the shared PostgreSQL and RabbitMQ, so the integration tests run serialized
/// (`swift test --no-parallel`).
@Suite("Platform survives server restarts (real RabbitMQ and PostgreSQL)", .serialized)
struct PlatformRestartTests {
    @Test("PostgreSQL restarted while consuming: services reconnect, nothing lost, nothing doubled")
    func postgresRestart() async throws {
        let harness = try await FixtureHarness()
        do {
            let process = try await harness.start(["O2C_CONSUMERS": "2"])
            try await harness.publish(harness.effectRequests(1000, sleepMs: 3))
            try await eventually("some effects before the restart") { try await harness.effects().distinctKeys >= 150 }
            try await Infrastructure.run("restart-postgres")
            let counts = try await harness.waitForEffects(1000)
            #expect(counts.rows == 1000 && counts.distinctKeys == 1000)
            #expect(process.isRunning, "the service reconnected by itself")
            try await process.waitUntilReady()
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }

    @Test("RabbitMQ restarted while relaying the outbox: every row reaches the consumer once; ready goes false and back")
    func brokerRestart() async throws {
        let harness = try await FixtureHarness()
        do {
            let process = try await harness.start()
            let token = try await harness.token()
            let restart = Infrastructure.runInBackground("restart-rabbitmq")
            var emitted = 0
            var sawNotReady = false
            // Keep writing to the outbox (it only needs the database) while the broker goes down and up.
            for n in 0..<60 {
                let (_, status) = try await HTTPClient.request(
                    "POST", "http://127.0.0.1:\(process.port)/v1/fixture/emit", token: token,
                    json: #"{"count": 50, "prefix": "r\#(n)"}"#)
                #expect(status == 201)
                emitted += 50
                if try await process.health("/health/ready") == 503 { sawNotReady = true }
                try await Task.sleep(for: .milliseconds(300))
            }
            try await restart.value
            #expect(sawNotReady, "/health/ready reported the broker outage")
            try await process.waitUntilReady(timeout: .seconds(60))
            let counts = try await harness.waitForEffects(emitted, timeout: .seconds(120))
            #expect(counts.rows == emitted && counts.distinctKeys == emitted)
            #expect(process.isRunning, "reconnected without a restart")
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }
}
