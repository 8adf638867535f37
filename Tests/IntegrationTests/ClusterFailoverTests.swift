import Foundation
import O2CContracts
import Testing

/// docs/OPERATIONS.md "Failover": the five services as processes on a cluster — three RabbitMQ nodes
/// (quorum queues on all three) and a PostgreSQL primary with a synchronous standby, started by
/// `scripts/infra.sh cluster start` next to the single-node servers — reached through the multi-host
/// URLs of CONTRACT.md "Processes, ports, configuration". A batch of orders (DOMAIN.md "The order-to-cash
/// flow") runs through the loss of a broker node and of the database primary: every order completes once,
/// nothing is parked, no saga is stuck, every outbox drains, and no acknowledged receipt is lost. The
/// client is a careful one: it tries a 503 again with the same Idempotency-Key.
@Suite("Cluster: failover of a RabbitMQ node and of the PostgreSQL primary under a batch of orders", .serialized)
struct ClusterFailoverTests {
    static let serviceQueues = ["orders", "credit", "warehouse-dispatch", "finance-collections", "after-sales"]

    @Test(
        "DOMAIN.md The order-to-cash flow on a 3-node RabbitMQ cluster: the node leading the services' queues SIGKILLed and restarted, then another stopped gracefully, during a batch: every order once, nothing parked or stuck, every outbox drained"
    )
    func brokerNodeFailover() async throws {
        let cluster = try await TestInfrastructure.cluster()
        try await ScaledWorld.run(instances: 1, withAfterSales: true, infrastructure: cluster, patient: true) { world in
            let customers = try await ScalingTests.customers(world)
            let milestones = Milestones()
            // A third of the orders start before the kill, a third while the node is down or coming back,
            // the rest once the graceful stop has begun: each failure meets orders in flight.
            async let batch = ScalingTests.batchFinishing(world, customers) { index in
                try await milestones.wait(for: index * 3 / ScalingTests.orderCount)
            }
            try await Task.sleep(for: .seconds(2))

            let leader = try await Self.busiestLeader(of: world)
            let killedAt = ContinuousClock.now
            try await Infrastructure.run("cluster", "rabbit-kill", "\(leader)")
            await milestones.next()
            let moved = try await Self.awayFrom(node: leader, world)
            print(
                "cluster: node \(leader) (leader of the services' queues) SIGKILLed; every service ready on another node after \(moved - killedAt)"
            )
            try await Task.sleep(for: .seconds(3))
            try await Self.startNode(leader)

            let other = leader % 3 + 1
            let stoppedAt = ContinuousClock.now
            let stopping = Task { try await Infrastructure.run("cluster", "rabbit-stop", "\(other)") }
            await milestones.next()
            try await stopping.value
            let movedAgain = try await Self.awayFrom(node: other, world)
            print("cluster: node \(other) stopped gracefully; every service ready on another node after \(movedAgain - stoppedAt)")
            try await Self.startNode(other)

            let (orders, finished) = try await batch
            #expect(stoppedAt < finished, "the graceful stop began while orders were still in flight")
            try await ScalingTests.expectEachCompletedOnce(world, orders)
        }
    }

    @Test(
        "DOMAIN.md The order-to-cash flow with the PostgreSQL primary crashed (-m immediate) and the standby promoted during a batch: every order once, no acknowledged receipt lost, every service ready again within seconds"
    )
    func databaseFailover() async throws {
        try await Infrastructure.run("cluster", "pg-reset", "sync")
        let cluster = try await TestInfrastructure.cluster()
        try await ScaledWorld.run(instances: 1, withAfterSales: true, infrastructure: cluster, patient: true) { world in
            let customers = try await ScalingTests.customers(world)
            let milestones = Milestones()
            async let batch = ScalingTests.batchFinishing(world, customers) { index in
                try await milestones.wait(for: index * 2 / ScalingTests.orderCount)
            }
            try await Task.sleep(for: .seconds(3))
            let primary = try await Infrastructure.output("cluster", "pg-primary").trimmingCharacters(in: .whitespacesAndNewlines)
            let crashedAt = ContinuousClock.now
            try await Infrastructure.run("cluster", "pg-crash")
            try await Infrastructure.run("cluster", "pg-promote")
            await milestones.next()
            let promoted = try await Infrastructure.output("cluster", "pg-primary").trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(promoted != primary, "the standby is the primary now")
            let ready = try await Self.allReady(world, within: .seconds(30)) { report in
                report["databaseEndpoint"] as? String == "127.0.0.1:\(promoted)"
            }
            print(
                "cluster: primary :\(primary) crashed, standby :\(promoted) promoted; every service ready on it after \(ready - crashedAt)")
            #expect(ready - crashedAt < .seconds(15), "services ready again within seconds of the failover")

            let (orders, finished) = try await batch
            #expect(crashedAt < finished, "the crash happened while orders were still in flight")
            try await ScalingTests.expectEachCompletedOnce(world, orders)
            let acknowledged = await world.acknowledgedReceipts.ids
            let found = try await world.harness.admin.query(
                "select count(*)::bigint as n from \(identifier: "\(world.harness.id)_finance").receipts where id = any(\(acknowledged)::text[])"
            )
            #expect(try found.rows[0].int64("n") == Int64(acknowledged.count), "every acknowledged receipt is on the new primary")
        }
    }

    @Test(
        "Synchronous replication: receipts acknowledged while the primary's walsender is stopped for a second, then the primary crashed and the standby promoted, are all on the new primary (the figure for asynchronous replication is printed)"
    )
    func synchronousReplicationKeepsAcknowledgedReceipts() async throws {
        var figures: [String] = []
        for mode in ["async", "sync"] {
            let (acknowledged, lost) = try await Self.receiptsThroughACrash(replication: mode)
            figures.append("\(mode): \(acknowledged) receipts acknowledged, \(lost) lost")
            if mode == "sync" {
                #expect(acknowledged > 0, "receipts were booked before the crash")
                #expect(lost == 0, "synchronous replication loses no acknowledged receipt")
            }
        }
        print("cluster: walsender stopped 1 s, then crash and promotion — \(figures.joined(separator: "; "))")
        try await Infrastructure.run("cluster", "pg-reset", "sync")
    }

    // MARK: - Helpers

    /// Books receipts from four clients while `pg-crash --pause-walsender 1` and `pg-promote` run on a
    /// fresh pair in `replication` mode; returns how many were acknowledged (201) and how many of those the
    /// new primary does not have.
    static func receiptsThroughACrash(replication: String) async throws -> (acknowledged: Int, lost: Int) {
        try await Infrastructure.run("cluster", "pg-reset", replication)
        let cluster = try await TestInfrastructure.cluster()
        let harness = try await ServiceHarness(executable: "finance-collections", infrastructure: cluster)
        do {
            let finance = try await harness.start()
            let token = try await harness.token(.finance)
            let stop = Flag()
            let booked = Receipts()
            let writers = (0..<4).map { writer in
                Task {
                    var sequence = 0
                    while await !stop.isSet {
                        sequence += 1
                        let reference = "SYNC-\(writer)-\(sequence)"
                        let answer = try? await harness.http(
                            "POST", finance, "/v1/receipts", token: token,
                            json: #"{"customerId":"CUST-REPL-\#(writer)","amount":"1.00","method":"bank","reference":"\#(reference)"}"#,
                            headers: ["Idempotency-Key": reference])
                        if let answer, answer.status == 201,
                            let id = (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any])?["id"] as? String
                        {
                            await booked.add(id)
                        } else {
                            try? await Task.sleep(for: .milliseconds(100))
                        }
                    }
                }
            }
            try await Task.sleep(for: .seconds(1))
            try await Infrastructure.run("cluster", "pg-crash", "--pause-walsender", "1")
            await stop.set()
            for writer in writers { await writer.value }
            try await Infrastructure.run("cluster", "pg-promote")
            let acknowledged = await booked.ids
            var present: Int64 = -1
            try await eventually("the promoted standby answers", timeout: .seconds(30), every: .milliseconds(250)) {
                present = try await harness.admin.query(
                    "select count(*)::bigint as n from \(identifier: harness.schema).receipts where id = any(\(acknowledged)::text[])"
                ).rows[0].int64("n")
                return true
            }
            await harness.tearDown()
            return (acknowledged.count, acknowledged.count - Int(present))
        } catch {
            await harness.tearDown()
            throw error
        }
    }

    /// Starts a node that was killed or stopped; once more if the first start fails (seen once right after
    /// a kill, when the start hung until its timeout; the second went through in seconds).
    static func startNode(_ node: Int) async throws {
        do { try await Infrastructure.run("cluster", "rabbit-start", "\(node)") } catch {
            try await Infrastructure.run("cluster", "rabbit-start", "\(node)")
        }
    }

    /// The node (1–3) that leads the most of the services' quorum queues in this world's vhost.
    static func busiestLeader(of world: ScaledWorld) async throws -> Int {
        var led: [Int: Int] = [:]
        for queue in serviceQueues {
            let node = try await Infrastructure.output("cluster", "rabbit-leader", queue, world.harness.vhost)
            guard let number = Int(node.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw TestFailure("no leader for \(queue): \(node)")
            }
            led[number, default: 0] += 1
        }
        return led.max { $0.value < $1.value }!.key
    }

    /// Waits until every process of the world is ready on a broker node other than `node`; returns when.
    static func awayFrom(node: Int, _ world: ScaledWorld) async throws -> ContinuousClock.Instant {
        try await allReady(world, within: .seconds(30)) { report in
            guard let endpoint = report["brokerEndpoint"] as? String else { return false }
            return endpoint != "127.0.0.1:\(5680 + node)"
        }
    }

    /// Waits until `/health/ready` of every process of the world answers 200 and satisfies `condition`.
    static func allReady(
        _ world: ScaledWorld, within timeout: Duration, _ condition: @escaping @Sendable ([String: Any]) -> Bool
    ) async throws -> ContinuousClock.Instant {
        var processes = [world.orders, world.credit] + (world.afterSales.map { [$0] } ?? [])
        processes += await world.finance.live + world.warehouse.live
        try await eventually("every service ready", timeout: timeout, every: .milliseconds(100)) {
            for process in processes {
                guard let (body, status) = try? await HTTPClient.request("GET", "http://127.0.0.1:\(process.port)/health/ready"),
                    status == 200, let report = try? JSONSerialization.jsonObject(with: body) as? [String: Any], condition(report)
                else { return false }
            }
            return true
        }
        return .now
    }
}

/// How many failures have begun, for the batch to wait on.
private actor Milestones {
    private var count = 0
    func next() { count += 1 }
    func wait(for milestones: Int) async throws {
        while count < milestones { try await Task.sleep(for: .milliseconds(50)) }
    }
}

private actor Flag {
    private(set) var isSet = false
    func set() { isSet = true }
}
