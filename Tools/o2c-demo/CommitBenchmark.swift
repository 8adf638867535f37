import Foundation
import Logging
import O2CPostgres

/// The machine's PostgreSQL commit rate, for scale next to the sagas/s: single-row INSERT
/// transactions for a few seconds on `connections` connections at once (each its own loop), in a schema
/// made for it and dropped after.
enum CommitBenchmark {
    static func run(databaseURL: String, seconds: Double = 3, connections: Int = 1) async throws -> Double {
        var logger = Logger(label: "o2c-demo.bench")
        logger.logLevel = .warning
        let schema = "demo_bench_\(UInt32.random(in: 0...UInt32.max))"
        var configuration = try PostgresConfiguration(url: databaseURL, applicationName: "o2c-demo")
        configuration.searchPath = schema
        let workers = max(1, connections)
        let pool = PostgresPool(configuration: configuration, size: workers, logger: logger)
        try await pool.query("create schema \(identifier: schema)")
        do {
            try await pool.query(
                "create table commits (id bigserial primary key, n bigint not null, at timestamptz not null default now())")
            let clock = ContinuousClock()
            let limit = Duration.milliseconds(Int(seconds * 1000))
            let start = clock.now
            let count = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<workers {
                    group.addTask {
                        var count = 0
                        while clock.now - start < limit {
                            let n = count
                            try await pool.transaction { connection in
                                _ = try await connection.query("insert into commits (n) values (\(n))")
                            }
                            count += 1
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = clock.now - start
            _ = try? await pool.query("drop schema \(identifier: schema) cascade")
            await pool.close()
            return Double(count) / DemoSummary.seconds(elapsed)
        } catch {
            _ = try? await pool.query("drop schema \(identifier: schema) cascade")
            await pool.close()
            throw error
        }
    }
}
