import Foundation
import O2CPostgres
import Testing

/// Retries, injected faults and a real server restart.
extension PostgresAdapterTests {
    struct Boom: Error {}

    @Test func concurrentSerializableTransactionsAreRetriedUntilBothCommit() async throws {
        try await withSchema { pool, schema in
            try await pool.query("CREATE TABLE \(schema).counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO \(schema).counter VALUES (1, 0)")
            let attempts = Counter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await pool.transaction(isolation: .serializable) { connection in
                            attempts.increment()
                            let n = try await connection.query("SELECT n FROM \(schema).counter WHERE id = 1").first!.int("n")
                            try await Task.sleep(for: .milliseconds(150))  // both read before either writes
                            try await connection.query("UPDATE \(schema).counter SET n = $1 WHERE id = 1", [n + 1])
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await pool.query("SELECT n FROM \(schema).counter").first?.int("n") == 2)
            #expect(attempts.value >= 3)
        }
    }

    @Test func bodyErrorsRollBackAndAreNotRetried() async throws {
        try await withSchema { pool, schema in
            try await pool.query("CREATE TABLE \(schema).t (k text PRIMARY KEY)")
            let attempts = Counter()
            await #expect(throws: Boom.self) {
                _ = try await pool.transaction { connection in
                    attempts.increment()
                    try await connection.query("INSERT INTO \(schema).t VALUES ('a')")
                    throw Boom()
                }
            }
            #expect(attempts.value == 1)
            #expect(try await pool.query("SELECT k FROM \(schema).t").rows.isEmpty)
        }
    }

    @Test func lostCommitReportsUnknownOutcomeButTheRowIsCommitted() async throws {
        let faults = PostgresFaultInjector()
        try await withSchema(faults: faults) { pool, schema in
            try await pool.query("CREATE TABLE \(schema).t (k text PRIMARY KEY)")
            faults.arm(.commitSucceededButReported)
            let attempts = Counter()
            do {
                _ = try await pool.transaction { connection in
                    attempts.increment()
                    try await connection.query("INSERT INTO \(schema).t VALUES ($1)", ["lost"])
                }
                Issue.record("the lost commit was not reported")
            } catch let error as PostgresError {
                #expect(error.code == .commitOutcomeUnknown)
                #expect(!error.isConnectionProblem)
            }
            #expect(attempts.value == 1)
            #expect(try await pool.query("SELECT count(*) AS n FROM \(schema).t WHERE k = 'lost'").first?.int("n") == 1)
        }
    }

    @Test func failedCommitIsRetriedAndTheRowIsWrittenOnce() async throws {
        let faults = PostgresFaultInjector()
        try await withSchema(faults: faults) { pool, schema in
            try await pool.query("CREATE TABLE \(schema).t (id serial PRIMARY KEY, k text NOT NULL)")
            faults.arm(.commitFails)
            let attempts = Counter()
            _ = try await pool.transaction { connection in
                attempts.increment()
                try await connection.query("INSERT INTO \(schema).t (k) VALUES ($1)", ["once"])
            }
            #expect(attempts.value == 2)
            #expect(faults.remaining(.commitFails) == 0)
            #expect(try await pool.query("SELECT count(*) AS n FROM \(schema).t").first?.int("n") == 1)
        }
    }

    @Test func injectedSerializationFailureAndDroppedConnectionAreRetried() async throws {
        let faults = PostgresFaultInjector()
        try await withSchema(faults: faults) { pool, schema in
            try await pool.query("CREATE TABLE \(schema).t (id serial PRIMARY KEY, k text NOT NULL)")
            faults.arm(.serializationFailure)
            let attempts = Counter()
            _ = try await pool.transaction { connection in
                attempts.increment()
                try await connection.query("INSERT INTO \(schema).t (k) VALUES ($1)", ["a"])
            }
            #expect(attempts.value == 2)

            faults.arm(.connectionDropsBeforeQuery)
            _ = try await pool.transaction { connection in
                attempts.increment()
                try await connection.query("INSERT INTO \(schema).t (k) VALUES ($1)", ["b"])
            }
            #expect(attempts.value == 4)

            faults.arm(.connectionDropsBeforeQuery)
            #expect(try await pool.query("SELECT count(*) AS n FROM \(schema).t").first?.int("n") == 2)
            #expect(faults.remaining(.connectionDropsBeforeQuery) == 0)
        }
    }

    @Test func faultListFromTheEnvironmentKeepsOnlyPostgresKeys() {
        let faults = PostgresFaultInjector.fromEnvironment("pg.commit_lost:2, amqp.confirm_lost:1,pg.serialization_failure")
        #expect(faults?.remaining(.commitSucceededButReported) == 2)
        #expect(faults?.remaining(.serializationFailure) == 1)
        #expect(faults?.consume(.commitFails) == false)
        #expect(PostgresFaultInjector.fromEnvironment("amqp.confirm_lost:1") == nil)
        #expect(PostgresFaultInjector.fromEnvironment(nil) == nil)
    }

    @Test func poolRecoversAfterTheServerRestarts() async throws {
        try await withSchema(size: 2) { pool, schema in
            try await pool.query("CREATE TABLE \(schema).t (k text PRIMARY KEY)")
            _ = try await pool.transaction { try await $0.query("INSERT INTO \(schema).t VALUES ('before')") }
            #expect(pool.metrics.idle >= 1)

            let restart = Process()
            restart.executableURL = URL(fileURLWithPath: "/bin/bash")
            restart.arguments = ["scripts/infra.sh", "restart-postgres"]
            restart.currentDirectoryURL = TestEnvironment.repositoryRoot
            try restart.run()
            restart.waitUntilExit()
            #expect(restart.terminationStatus == 0)

            _ = try await pool.transaction { try await $0.query("INSERT INTO \(schema).t VALUES ('after')") }
            #expect(try await pool.query("SELECT count(*) AS n FROM \(schema).t").first?.int("n") == 2)
        }
    }
}
