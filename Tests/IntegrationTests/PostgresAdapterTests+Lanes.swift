import Foundation
import Logging
import O2CPostgres
import Testing

/// The pool's read lane, bounded wait and enclosing transaction, against the real server.
extension PostgresAdapterTests {
    @Test("writers hold every slot but the read reserve: the next writer gives up with poolTimeout, a read still gets a connection")
    func readLaneAndBoundedWait() async throws {
        let pool = PostgresPool(
            configuration: try adminConfiguration(), size: 4, logger: logger, readReserve: 1, acquireTimeout: .milliseconds(300))
        let release = AsyncStream<Void>.makeStream()
        let holding = Counter()
        let writers = (0..<3).map { _ in
            Task {
                try await pool.withConnection { _ in
                    holding.increment()
                    for await _ in release.stream { break }
                }
            }
        }
        try await eventually("three writers hold connections") { holding.value == 3 }
        #expect(pool.metrics.generalInUse == 3)

        await #expect {
            try await pool.query("SELECT 1")
        } throws: { error in
            (error as? PostgresError)?.code == .poolTimeout && (error as? PostgresError)?.isBusy == true
        }
        let read = try await PostgresPool.withLane(.read) { try await pool.query("SELECT 7 AS n").rows[0].int("n") }
        #expect(read == 7)

        // While a writer waits, the pool reports itself exhausted (readiness turns false).
        let waiting = Task { try await pool.query("SELECT 1") }
        try await eventually("a writer queues") { pool.metrics.waiting == 1 }
        #expect(pool.metrics.isExhausted)
        release.continuation.finish()
        for writer in writers { try await writer.value }
        _ = try? await waiting.value
        #expect(!pool.metrics.isExhausted)
        await pool.close()
    }

    @Test(
        "inside an enclosing transaction a failing inner transaction rolls back to its savepoint; the rest commits together, or not at all")
    func enclosingTransactionSavepoints() async throws {
        try await withSchema { pool, schema in
            try await pool.query("CREATE TABLE \(identifier: schema).t (v text)")
            try await pool.enclosingTransaction { _ in
                try await pool.query("INSERT INTO \(identifier: schema).t VALUES ('outer')")
                try await pool.transaction { try await $0.query("INSERT INTO \(identifier: schema).t VALUES ('inner-kept')") }
                await #expect(throws: PostgresError.self) {
                    try await pool.transaction { connection in
                        try await connection.query("INSERT INTO \(identifier: schema).t VALUES ('inner-undone')")
                        try await connection.query("SELECT 1/0")
                    }
                }
                // The other pool calls of this task run in the same transaction: they see its rows.
                #expect(try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").rows[0].int("n") == 2)
            }
            let rows = try await pool.query("SELECT v FROM \(identifier: schema).t ORDER BY v").rows.map { try $0.string("v") }
            #expect(rows == ["inner-kept", "outer"])

            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await pool.enclosingTransaction { _ in
                    try await pool.transaction { try await $0.query("INSERT INTO \(identifier: schema).t VALUES ('never')") }
                    throw Refused()
                }
            }
            #expect(try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").rows[0].int("n") == 2)
        }
    }
}
