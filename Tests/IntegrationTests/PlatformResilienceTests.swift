import Foundation
import O2CAMQP
import O2CContracts
import Testing

/// The platform's promise (issue #2): every message's effect happens exactly once, whatever dies.
/// Each test runs the fixture service as real processes against the real RabbitMQ and PostgreSQL.
@Suite("Platform resilience (real RabbitMQ and PostgreSQL, separate processes)", .serialized)
struct PlatformResilienceTests {
    @Test("a consumer killed with SIGKILL mid-batch and restarted leaves every effect exactly once")
    func consumerKilledMidBatch() async throws {
        let harness = try await FixtureHarness()
        do {
            let first = try await harness.start(["O2C_CONSUMERS": "2", "O2C_PREFETCH": "50"])
            try await harness.publish(harness.effectRequests(1500, sleepMs: 2))
            try await eventually("a third of the batch handled") { try await harness.effects().distinctKeys >= 500 }
            first.kill()
            let partial = try await harness.effects()
            #expect(partial.distinctKeys < 1500, "the process died before the batch was done")

            try await harness.start(["O2C_CONSUMERS": "2", "O2C_PREFETCH": "50"])
            let counts = try await harness.waitForEffects(1500)
            #expect(counts == .init(rows: 1500, distinctKeys: 1500, workers: 2), "each of 1500 effects once, by both processes")
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }

    @Test("messages that always fail are retried on the delay tiers then parked with the reason; bad ones at once; others flow")
    func poisonMessagesAreParked() async throws {
        let harness = try await FixtureHarness()
        do {
            let process = try await harness.start()
            try await harness.publish(
                harness.effectRequests(3, prefix: "poison", fail: true)
                    + [("\(harness.topic).effect_requested.v1", "this is not JSON")]
                    + harness.effectRequests(50, prefix: "good"))
            let counts = try await harness.waitForEffects(50, prefix: "good")
            #expect(counts.rows == 50)

            let parked = try await harness.drainParked(expecting: 4)
            #expect(parked.count == 4)
            let failing = parked.filter { String(decoding: $0.body, as: UTF8.self).contains("poison") }
            #expect(failing.count == 3)
            for message in failing {
                #expect(message.headers[MessageHeaders.attempt] == .int(4), "first try plus three delayed retries")
                #expect(message.headers[MessageHeaders.parkedFrom] == .string(harness.queue))
                #expect(message.headers[MessageHeaders.originalRoutingKey] == .string("\(harness.topic).effect_requested.v1"))
                if case .string(let reason)? = message.headers[MessageHeaders.parkedReason] {
                    #expect(reason.contains("handler failed 4 times"))
                } else {
                    Issue.record("parked message has no reason")
                }
            }
            let undecodable = parked.filter { String(decoding: $0.body, as: UTF8.self) == "this is not JSON" }
            #expect(undecodable.count == 1)
            #expect(undecodable.first?.headers[MessageHeaders.attempt] == .int(1), "parked at once, not retried")
            #expect(try await harness.effects(prefix: "poison").rows == 0, "a failed handler's changes are rolled back")
            let parkedMetric = try await harness.metric(process, "o2c_messages_parked_total")
            let retriedMetric = try await harness.metric(process, "o2c_messages_retried_total")
            #expect(parkedMetric == 4)
            #expect(retriedMetric == 9)
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }

    @Test("two relay instances on one outbox: every message delivered, every effect once")
    func twoRelaysOneOutbox() async throws {
        let harness = try await FixtureHarness()
        do {
            let a = try await harness.start()
            let b = try await harness.start()
            let token = try await harness.token()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (n, process) in [a, b, a, b, a, b, a, b].enumerated() {
                    group.addTask {
                        let (_, status) = try await HTTPClient.request(
                            "POST", "http://127.0.0.1:\(process.port)/v1/fixture/emit", token: token,
                            json: #"{"count": 250, "prefix": "batch\#(n)"}"#)
                        #expect(status == 201)
                    }
                }
                try await group.waitForAll()
            }
            let counts = try await harness.waitForEffects(2000)
            #expect(counts.rows == 2000)
            #expect(counts.distinctKeys == 2000)
            let unsent = try await harness.admin.query(
                "select count(*) as n from \(identifier: harness.schema).outbox where sent_at is null")
            #expect(try unsent.rows[0].int("n") == 0)
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }

    @Test("two events of one saga handled at once by two instances end as if handled one after the other")
    func sagaEventsConcurrently() async throws {
        let harness = try await FixtureHarness()
        do {
            let a = try await harness.start(["O2C_CONSUMERS": "3"])
            try await harness.start(["O2C_CONSUMERS": "3"])
            let items = (0..<30).map { n in
                ("\(harness.topic).tally_item.v1", #"{"sagaID":"s1","item":"i\#(n)","total":30,"sleepMs":15}"#)
            }
            try await harness.publish(items)
            let token = try await harness.token()
            struct View: Decodable { var state: String; var steps: [Step]; var transitions: [Transition] }
            struct Step: Decodable { var name: String }
            struct Transition: Decodable { var seq: Int }
            var view: View?
            try await eventually("saga complete", timeout: .seconds(60)) {
                let (body, status) = try await HTTPClient.request("GET", "http://127.0.0.1:\(a.port)/v1/fixture/sagas/s1", token: token)
                guard status == 200 else { return false }
                view = try JSONDecoder().decode(View.self, from: body)
                return view?.state == "complete"
            }
            #expect(Set(view?.steps.map(\.name) ?? []) == Set((0..<30).map { "i\($0)" }), "no item lost to a concurrent write")
            #expect(view?.transitions.map(\.seq) == Array(0...30), "one start and 30 transitions, in version order")
            let workers = try await harness.admin.query(
                "select count(distinct message_id) as n from \(identifier: harness.schema).inbox where routing_key like '%tally%'")
            #expect(try workers.rows[0].int("n") == 30)
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }

    @Test("fault seams: a commit the caller thinks failed, lost confirms and lost acks double nothing")
    func faultSeams() async throws {
        let harness = try await FixtureHarness()
        do {
            let process = try await harness.start([
                "O2C_TEST_FAULTS": "1", "O2C_FAULTS": "pg.commit_lost:20,amqp.confirm_lost:3,amqp.ack_lost:3,pg.commit_fails:10",
            ])
            let token = try await harness.token()
            for n in 0..<4 {
                let (_, status) = try await HTTPClient.request(
                    "POST", "http://127.0.0.1:\(process.port)/v1/fixture/emit", token: token, json: #"{"count": 100, "prefix": "f\#(n)"}"#)
                #expect(status == 201 || status == 503, "a commit reported lost answers 503 unavailable; the rows are there or not")
            }
            let emitted = try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).outbox").rows[0].int("n")
            let counts = try await harness.waitForEffects(emitted)
            #expect(counts.rows == emitted, "every emitted message has exactly one effect")
            let consumedMetric = try await harness.metric(process, "o2c_messages_consumed_total")
            #expect(consumedMetric >= Double(emitted))
            let duplicates = try await harness.metric(process, "o2c_messages_consumed_total", labels: #"outcome="duplicate""#)
            #expect(duplicates >= 1, "lost confirms and acks caused redeliveries, and the inbox absorbed them")
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }
}
