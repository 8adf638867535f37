import Foundation
import Logging
import O2CPostgres

/// `o2c-demo --react`: seeds, opens the event feed, drives the orders reacting to their events (closed
/// loop at `concurrency`, or open loop at `rate` orders/s), measures the window and prints BenchReport.
struct ReactiveRun {
    let host: String
    let secret: String
    let runId: String
    let orders: Int
    let concurrency: Int
    let rate: Double?
    let timeout: Duration
    let watch: String
    let settle: Double
    let commitRate: Bool
    let environment: [String: String]

    private func say(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    func run() async -> Bool {
        let groups = BenchMeasure.groups(services: watch)
        let idle = watch.isEmpty ? nil : BenchMeasure.sample(groups)
        let adminURL = environment["O2C_ADMIN_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let amqpURL = environment["O2C_AMQP_URL_O2C_READER"] ?? environment["O2C_AMQP_URL"], !amqpURL.isEmpty else {
            say("o2c-demo --react: O2C_AMQP_URL_O2C_READER (or O2C_AMQP_URL) is required: eval \"$(scripts/infra.sh env)\"")
            return false
        }
        var logger = Logger(label: "o2c-demo.feed")
        logger.logLevel = .warning
        let admin: PostgresPool?
        do { admin = try adminURL.map(BenchMeasure.pool(url:)) } catch {
            say("o2c-demo: the admin database URL does not parse: \(error)")
            return false
        }
        do {
            var history: Int?
            if let admin {
                history = try? await admin.query("select count(*)::bigint as n from orders.orders").rows.first?.int("n")
            }
            let timings = CallTimings()
            let client = try await DemoClient.make(host: host, secret: secret, timings: timings)
            let feed = try EventFeed(url: amqpURL, runId: runId, logger: logger)
            try await feed.start()
            say("o2c-demo run \(runId): events from queue \(feed.queue); seeding 4 products and \(orders) customers...")
            let seed = try await DemoSeeder(client: client, runId: runId).seed(customers: orders)

            var countersBefore: BenchMeasure.Counters?
            if let admin {
                say(String(format: "waiting %.0f s for the seeding's statistics to reach pg_stat_database...", settle))
                try await Task.sleep(for: .milliseconds(Int(settle * 1000)))
                countersBefore = await BenchMeasure.counters(admin)
            }
            await timings.reset()
            let mode =
                rate.map { String(format: "open loop: %.1f orders started per second", $0) } ?? "closed loop: \(concurrency) in flight"
            say("driving \(orders) orders, \(mode), reacting to events...")
            let driver = ReactiveDriver(client: client, feed: feed, timeout: timeout)
            let progress = DemoProgress(total: orders)
            let windowStart = watch.isEmpty ? nil : BenchMeasure.sample(groups)
            let clock = ContinuousClock()
            let start = clock.now
            let results = await withTaskGroup(of: OrderDriver.Result.self) { group in
                var results: [OrderDriver.Result] = []
                func add(_ index: Int) {
                    group.addTask {
                        let result = await driver.run(index: index, customer: seed.customers[index], products: seed.products)
                        await progress.record(result.outcome)
                        return result
                    }
                }
                if let rate {
                    // Open loop: order i starts at start + i / rate, however many are still in flight.
                    for index in 0..<orders {
                        try? await Task.sleep(until: start + .milliseconds(Int(Double(index) * 1000 / rate)), clock: clock)
                        add(index)
                    }
                    for await result in group { results.append(result) }
                } else {
                    var next = 0
                    while next < min(concurrency, orders) {
                        add(next)
                        next += 1
                    }
                    for await result in group {
                        results.append(result)
                        if next < orders {
                            add(next)
                            next += 1
                        }
                    }
                }
                return results
            }
            let wall = clock.now - start
            let windowEnd = watch.isEmpty ? nil : BenchMeasure.sample(groups)
            let http = await timings.milliseconds
            await feed.stop()
            await client.shutdown()
            let untrusted = await feed.untrusted
            if untrusted > 0 { say("event feed: \(untrusted) messages dropped (user_id not the publisher its routing key names)") }

            var countersAfter: BenchMeasure.Counters?
            if let admin {
                say(String(format: "waiting %.0f s for the run's statistics to reach pg_stat_database...", settle))
                try await Task.sleep(for: .milliseconds(Int(settle * 1000)))
                countersAfter = await BenchMeasure.counters(admin)
            }
            var commits: (one: Double, many: Double, connections: Int)?
            if commitRate, let adminURL {
                say("measuring PostgreSQL's commit rate (3 s on 1 connection, 3 s on 32)...")
                do {
                    let one = try await CommitBenchmark.run(databaseURL: adminURL, connections: 1)
                    let many = try await CommitBenchmark.run(databaseURL: adminURL, connections: 32)
                    commits = (one, many, 32)
                } catch { say("commit benchmark failed: \(error)") }
            }
            await admin?.close()
            let report = BenchReport(
                mode: rate.map { String(format: "rate %.1f/s", $0) } ?? "concurrency \(concurrency)", historyOrders: history,
                results: results, wall: wall, http: http, groups: groups, idle: idle, windowStart: windowStart, windowEnd: windowEnd,
                countersBefore: countersBefore, countersAfter: countersAfter, commits: commits)
            report.print()
            return report.failures.isEmpty
        } catch {
            await admin?.close()
            say("o2c-demo: \(error)")
            return false
        }
    }
}
