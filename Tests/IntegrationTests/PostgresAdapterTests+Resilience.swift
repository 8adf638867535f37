import Foundation
import O2CPostgres
import Testing

/// Retries, injected faults and a real server restart.
extension PostgresAdapterTests {
    struct Boom: Error {}

    /// Runs `scripts/infra.sh <command>` and returns its exit status.
    ///
    /// The child is reaped here with `waitpid(WNOHANG)`: under the test runner Foundation's SIGCHLD
    /// monitoring did not notice the exit (the script ended as a zombie and `waitUntilExit()` hung).
    static func runInfraScript(_ command: String) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["scripts/infra.sh", command]
        process.currentDirectoryURL = TestEnvironment.repositoryRoot
        try process.run()
        let pid = process.processIdentifier
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            if reaped < 0 && !process.isRunning { return process.terminationStatus }  // Foundation reaped it
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func concurrentSerializableTransactionsAreRetriedUntilBothCommit() async throws {
        try await withSchema { pool, schema in
            try await pool.query(
                "CREATE TABLE \(identifier: schema).counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO \(identifier: schema).counter VALUES (1, 0)"
            )
            let attempts = Counter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        _ = try await pool.transaction(isolation: .serializable) { connection in
                            attempts.increment()
                            let n = try await connection.query("SELECT n FROM \(identifier: schema).counter WHERE id = 1").first!.int("n")
                            try await Task.sleep(for: .milliseconds(150))  // both read before either writes
                            try await connection.query("UPDATE \(identifier: schema).counter SET n = \(n + 1) WHERE id = 1")
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await pool.query("SELECT n FROM \(identifier: schema).counter").first?.int("n") == 2)
            #expect(attempts.value >= 3)
        }
    }

    @Test func bodyErrorsRollBackAndAreNotRetried() async throws {
        try await withSchema { pool, schema in
            try await pool.query("CREATE TABLE \(identifier: schema).t (k text PRIMARY KEY)")
            let attempts = Counter()
            await #expect(throws: Boom.self) {
                _ = try await pool.transaction { connection in
                    attempts.increment()
                    try await connection.query("INSERT INTO \(identifier: schema).t VALUES ('a')")
                    throw Boom()
                }
            }
            #expect(attempts.value == 1)
            #expect(try await pool.query("SELECT k FROM \(identifier: schema).t").rows.isEmpty)

            // A statement error swallowed inside the body still aborts the transaction: COMMIT says so.
            let swallowed = await failure {
                _ = try await pool.transaction { connection in
                    attempts.increment()
                    try await connection.query("INSERT INTO \(identifier: schema).t VALUES ('b')")
                    _ = try? await connection.query("INSERT INTO \(identifier: schema).t VALUES ('b')")
                }
            }
            #expect(swallowed?.sqlState == "25P02")
            #expect(attempts.value == 2)
            #expect(try await pool.query("SELECT k FROM \(identifier: schema).t").rows.isEmpty)
        }
    }

    @Test func lostCommitReportsUnknownOutcomeButTheRowIsCommitted() async throws {
        let faults = PostgresFaultInjector()
        try await withSchema(faults: faults) { pool, schema in
            try await pool.query("CREATE TABLE \(identifier: schema).t (k text PRIMARY KEY)")
            faults.arm(.commitSucceededButReported)
            let attempts = Counter()
            let error = await failure {
                _ = try await pool.transaction { connection in
                    attempts.increment()
                    try await connection.query("INSERT INTO \(identifier: schema).t VALUES (\("lost"))")
                }
            }
            #expect(error?.code == .commitOutcomeUnknown)
            #expect(error?.isConnectionProblem == false)
            #expect(attempts.value == 1)
            #expect(try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t WHERE k = 'lost'").first?.int("n") == 1)
        }
    }

    @Test func failedCommitIsRetriedAndTheRowIsWrittenOnce() async throws {
        let faults = PostgresFaultInjector()
        try await withSchema(faults: faults) { pool, schema in
            try await pool.query("CREATE TABLE \(identifier: schema).t (id serial PRIMARY KEY, k text NOT NULL)")
            faults.arm(.commitFails)
            let attempts = Counter()
            _ = try await pool.transaction { connection in
                attempts.increment()
                try await connection.query("INSERT INTO \(identifier: schema).t (k) VALUES (\("once"))")
            }
            #expect(attempts.value == 2)
            #expect(faults.remaining(.commitFails) == 0)
            #expect(try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.int("n") == 1)
        }
    }

    @Test func injectedSerializationFailureAndDroppedConnectionAreRetried() async throws {
        let faults = PostgresFaultInjector()
        try await withSchema(faults: faults) { pool, schema in
            try await pool.query("CREATE TABLE \(identifier: schema).t (id serial PRIMARY KEY, k text NOT NULL)")
            faults.arm(.serializationFailure)
            let attempts = Counter()
            _ = try await pool.transaction { connection in
                attempts.increment()
                try await connection.query("INSERT INTO \(identifier: schema).t (k) VALUES (\("a"))")
            }
            #expect(attempts.value == 2)

            faults.arm(.connectionDropsBeforeQuery)
            _ = try await pool.transaction { connection in
                attempts.increment()
                try await connection.query("INSERT INTO \(identifier: schema).t (k) VALUES (\("b"))")
            }
            #expect(attempts.value == 4)

            faults.arm(.connectionDropsBeforeQuery)
            #expect(try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.int("n") == 2)
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
            try await pool.query("CREATE TABLE \(identifier: schema).t (k text PRIMARY KEY)")
            _ = try await pool.transaction { try await $0.query("INSERT INTO \(identifier: schema).t VALUES ('before')") }
            #expect(pool.metrics.idle >= 1)

            #expect(try await Self.runInfraScript("restart-postgres") == 0)
            // The first transaction after the restart meets a dead connection and is run again.
            _ = try await pool.transaction { try await $0.query("INSERT INTO \(identifier: schema).t VALUES ('after')") }

            // An idle connection the server closed is noticed on checkout and replaced, without a retry.
            #expect(try await Self.runInfraScript("restart-postgres") == 0)
            try await Task.sleep(for: .milliseconds(600))
            let answer = try await pool.withConnection { try await $0.query("SELECT 1 AS one").first?.int("one") }
            #expect(answer == 1)

            // A transaction whose connection dies under it is run again on a fresh one.
            let attempts = Counter()
            _ = try await pool.transaction { connection in
                attempts.increment()
                if attempts.value == 1 { try await connection.query("SELECT pg_terminate_backend(pg_backend_pid())") }
                try await connection.query("INSERT INTO \(identifier: schema).t VALUES ('killed')")
            }
            #expect(attempts.value == 2)
            #expect(try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.int("n") == 3)
        }
    }
}
