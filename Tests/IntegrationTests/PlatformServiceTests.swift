import Foundation
import Testing

/// The service runtime as a client and an operator meet it, on the fixture service run as a process.
@Suite("Service runtime (real RabbitMQ and PostgreSQL, separate processes)", .serialized)
struct PlatformServiceTests {
    @Test("a POST repeated with the same Idempotency-Key returns the first response and does nothing twice")
    func idempotencyKey() async throws {
        let harness = try await FixtureHarness()
        do {
            let process = try await harness.start()
            let token = try await harness.token()
            let url = "http://127.0.0.1:\(process.port)/v1/fixture/emit"
            let first = try await HTTPClient.request(
                "POST", url, token: token, json: #"{"count": 3, "prefix": "idem"}"#, headers: ["Idempotency-Key": "k-1"])
            let again = try await HTTPClient.request(
                "POST", url, token: token, json: #"{"count": 3, "prefix": "idem"}"#, headers: ["Idempotency-Key": "k-1"])
            #expect(first.status == 201)
            #expect(again.status == 201)
            #expect(again.body == first.body)
            let outbox = try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).outbox")
            #expect(try outbox.rows[0].int("n") == 3, "the repeat emitted nothing")

            let reused = try await HTTPClient.request(
                "POST", url, token: token, json: #"{"count": 9, "prefix": "other"}"#, headers: ["Idempotency-Key": "k-1"])
            #expect(reused.status == 422)
            #expect(String(decoding: reused.body, as: UTF8.self).contains("idempotency_key_reused"))

            // A refused request is remembered too: its repeat gets the same refusal.
            let bad = try await HTTPClient.request(
                "POST", url, token: token, json: #"{"count": 0, "prefix": "x"}"#, headers: ["Idempotency-Key": "k-2"])
            let badAgain = try await HTTPClient.request(
                "POST", url, token: token, json: #"{"count": 0, "prefix": "x"}"#, headers: ["Idempotency-Key": "k-2"])
            #expect(bad.status == 422 && badAgain.status == 422)
            #expect(try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).outbox").rows[0].int("n") == 3)
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }

    @Test("the test clock exists only with O2C_TEST_CLOCK=1 and moves the service's time")
    func testClock() async throws {
        let harness = try await FixtureHarness()
        do {
            let plain = try await harness.start()
            let clocked = try await harness.start(["O2C_TEST_CLOCK": "1"])
            let token = try await harness.token()
            let body = #"{"now": "2027-03-01T08:00:00Z"}"#
            let refused = try await HTTPClient.request(
                "PUT", "http://127.0.0.1:\(plain.port)/v1/admin/test-clock", token: token, json: body)
            #expect(refused.status == 404)
            let anonymous = try await HTTPClient.request("PUT", "http://127.0.0.1:\(clocked.port)/v1/admin/test-clock", json: body)
            #expect(anonymous.status == 401)
            let moved = try await HTTPClient.request(
                "PUT", "http://127.0.0.1:\(clocked.port)/v1/admin/test-clock", token: token, json: body)
            #expect(moved.status == 200)
            #expect(String(decoding: moved.body, as: UTF8.self).contains("2027-03-01T08:00:0"))
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }

    @Test("SIGTERM mid-batch: the service finishes and acks what it holds, flushes its outbox, exits 0; nothing is lost")
    func gracefulShutdown() async throws {
        let harness = try await FixtureHarness()
        do {
            let first = try await harness.start(["O2C_CONSUMERS": "2", "O2C_PREFETCH": "10"])
            try await harness.publish(harness.effectRequests(300, sleepMs: 20))
            try await eventually("work under way") { try await harness.effects().distinctKeys >= 30 }
            let token = try await harness.token()
            let (_, emitted) = try await HTTPClient.request(
                "POST", "http://127.0.0.1:\(first.port)/v1/fixture/emit", token: token, json: #"{"count": 50, "prefix": "late"}"#)
            #expect(emitted == 201)
            let status = await first.terminate(timeout: .seconds(30))
            #expect(status == 0, "graceful exit")
            let unsent = try await harness.admin.query(
                "select count(*) as n from \(identifier: harness.schema).outbox where sent_at is null")
            #expect(try unsent.rows[0].int("n") == 0, "the outbox was flushed before exit")

            try await harness.start()
            let counts = try await harness.waitForEffects(350)
            #expect(counts.rows == 350 && counts.distinctKeys == 350)
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }

    @Test("a shutdown that outlasts O2C_SHUTDOWN_SECONDS is cut short; the message it held is redelivered and handled once")
    func shutdownBudget() async throws {
        let harness = try await FixtureHarness()
        do {
            let slow = try await harness.start(["O2C_CONSUMERS": "1", "O2C_PREFETCH": "1", "O2C_SHUTDOWN_SECONDS": "1"])
            try await harness.publish(harness.effectRequests(1, prefix: "slow", sleepMs: 8_000))
            try await Task.sleep(for: .milliseconds(1_500))  // the handler is asleep inside its transaction
            let clock = ContinuousClock()
            let started = clock.now
            _ = await slow.terminate(timeout: .seconds(30))
            let took = clock.now - started
            #expect(took < .seconds(6), "bounded by the 1 s budget, not the handler's 8 s: took \(took)")
            #expect(try await harness.effects(prefix: "slow").rows == 0, "the cut-short handler's transaction was rolled back")

            try await harness.start()
            let counts = try await harness.waitForEffects(1, prefix: "slow", timeout: .seconds(60))
            #expect(counts.rows == 1 && counts.distinctKeys == 1)
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }
}
