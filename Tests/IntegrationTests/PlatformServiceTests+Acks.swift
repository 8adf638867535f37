import Foundation
import Testing

/// The consumer's batched acknowledgements (issue 13, "fewer round trips"): under a burst a worker owes
/// the acks of the messages it handled and settles them with one multiple ack; nothing stays owed when
/// the burst ends, and retried messages in the middle of a run are settled on their own.
extension PlatformServiceTests {
    @Test(
        "a burst of 400 messages, some failing: each is handled once, the failing ones are retried, and the queue ends with nothing unacknowledged"
    )
    func burstIsAckedInRunsAndNothingStaysOwed() async throws {
        let harness = try await FixtureHarness()
        do {
            try await harness.start(["O2C_CONSUMERS": "2", "O2C_PREFETCH": "40"])
            let good = harness.effectRequests(400)
            let failing = harness.effectRequests(5, prefix: "bad", fail: true)
            // The failing ones among the good ones, so that runs of acks owed meet a retried message.
            var burst = good
            for (n, message) in failing.enumerated() { burst.insert(message, at: 40 + n * 70) }
            try await harness.publish(burst)

            let counts = try await harness.waitForEffects(400)
            #expect(counts.rows == 400 && counts.distinctKeys == 400, "each good message handled once")
            // The management API's figures are refreshed every few seconds.
            var last = (ready: -1, unacknowledged: -1, acked: 0)
            do {
                try await eventually("the queue holds nothing ready or unacknowledged and saw every delivery acked", timeout: .seconds(20))
                {
                    last = try await Self.queueState(harness.queue, vhost: harness.amqp.vhost)
                    return last.ready == 0 && last.unacknowledged == 0 && last.acked >= 405
                }
            } catch {
                Issue.record("queue \(harness.queue): \(last.ready) ready, \(last.unacknowledged) unacknowledged, \(last.acked) acked")
            }
        } catch { await harness.tearDown(); throw error }
        await harness.tearDown()
    }

    /// Ready and unacknowledged messages in `queue`, and how many deliveries it has seen acked.
    static func queueState(_ queue: String, vhost: String) async throws -> (ready: Int, unacknowledged: Int, acked: Int) {
        let encodedVhost = vhost == "/" ? "%2F" : vhost
        let json = try await ConsumerHeartbeatTests.management(
            "/api/queues/\(encodedVhost)/\(queue.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? queue)")
        let stats = json["message_stats"] as? [String: Any]
        return (json["messages_ready"] as? Int ?? -1, json["messages_unacknowledged"] as? Int ?? -1, stats?["ack"] as? Int ?? 0)
    }
}
