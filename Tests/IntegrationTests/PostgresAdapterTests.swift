import Foundation
import Logging
import O2CPostgres
import Synchronization
import Testing

/// A thread-safe count, for observing what concurrent test code did.
final class Counter: Sendable {
    private let count = Mutex((value: 0, highWater: 0))
    func increment() {
        count.withLock {
            $0.value += 1; $0.highWater = max($0.highWater, $0.value)
        }
    }
    func decrement() { count.withLock { $0.value -= 1 } }
    var value: Int { count.withLock { $0.value } }
    var highWater: Int { count.withLock { $0.highWater } }
}

/// The libpq adapter against the real server that `scripts/infra.sh start` runs.
@Suite(.serialized)
struct PostgresAdapterTests {
    let logger = Logger(label: "test.postgres")

    func adminConfiguration() throws -> PostgresConfiguration {
        try PostgresConfiguration(url: TestEnvironment.adminDatabaseURL, applicationName: "o2c-tests")
    }

    /// A pool on the admin URL and a fresh schema, dropped afterwards whatever happens.
    func withSchema(
        size: Int = 4, faults: PostgresFaultInjector? = nil,
        _ body: (PostgresPool, String) async throws -> Void
    ) async throws {
        let schema = TestEnvironment.uniqueName("pgtest")
        let pool = PostgresPool(configuration: try adminConfiguration(), size: size, logger: logger, faults: faults)
        try await pool.query("CREATE SCHEMA \(identifier: schema)")
        do {
            try await body(pool, schema)
        } catch {
            _ = try? await pool.query("DROP SCHEMA \(identifier: schema) CASCADE")
            await pool.close()
            throw error
        }
        try await pool.query("DROP SCHEMA \(identifier: schema) CASCADE")
        await pool.close()
    }

    /// The ``PostgresError`` `body` throws; nil when it throws nothing or something else.
    func failure(of body: () async throws -> Void) async -> PostgresError? {
        do {
            try await body()
            return nil
        } catch {
            return error as? PostgresError
        }
    }

    @Test func urlIsParsedAndConninfoIsQuoted() async throws {
        let config = try PostgresConfiguration(url: "postgresql://o2c%40svc:p%27a%5Css@db.example:6543/o2c%20x?sslmode=require")
        #expect(config.user == "o2c@svc")
        #expect(config.password == "p'a\\ss")
        #expect(config.host == "db.example")
        #expect(config.port == 6543)
        #expect(config.database == "o2c x")
        #expect(config.applicationName == "o2c")
        #expect(config.connectTimeoutSeconds == 5)
        #expect(config.conninfo.contains("password='p\\'a\\\\ss'"))
        #expect(config.conninfo.contains("dbname='o2c x'"))
        #expect(try PostgresConfiguration(url: "postgres://u@[::1]/d").host == "::1")
        #expect(try PostgresConfiguration(url: "postgres://u@h/d").port == 5432)
        for bad in [
            "mysql://u@h/d", "postgres://h/d", "postgres://u@h", "postgres://u@h:99999/d", "postgres://u@h/d?foo=1", "postgres://u:%zz@h/d",
        ] {
            let error = await failure { _ = try PostgresConfiguration(url: bad) }
            #expect(error?.code == .invalidConfiguration, "\(bad)")
        }
    }

    @Test func everyBindableTypeRoundTripsVerbatim() async throws {
        try await withSchema { pool, schema in
            try await pool.query(
                """
                CREATE TABLE \(identifier: schema).t (id int PRIMARY KEY, s text, i bigint, i32 int, b bool, u uuid, d timestamptz,
                    bytes bytea, names text[], numbers bigint[], maybe text)
                """)
            let hostile = "it's \"quoted\" \\ back'; drop table x; -- ünïcode {a,b}"
            let id = UUID()
            let date = Date(timeIntervalSince1970: 1_795_428_000.123456)
            let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xff]
            let names = ["plain", "with,comma", "with \"quote\"", "back\\slash", "{brace}", "", "NULL"]
            let missing: String? = nil
            let inserted = try await pool.query(
                "INSERT INTO \(identifier: schema).t VALUES (\(1), \(hostile), \(Int64.max), \(Int32.min), \(true), \(id), \(date), \(bytes), \(names), \([Int64(-1), 0, Int64.max]), \(missing))"
            )
            #expect(inserted.affectedRows == 1)
            try await pool.query("INSERT INTO \(identifier: schema).t (id, b, maybe) VALUES (\(2), \(false), \(Optional("x")))")

            let row = try #require(try await pool.query("SELECT * FROM \(identifier: schema).t WHERE id = \(1)").first)
            #expect(try row.string("s") == hostile)
            #expect(try row.int64("i") == Int64.max)
            #expect(try row.int("i32") == Int(Int32.min))
            #expect(try row.bool("b") == true)
            #expect(try row.uuid("u") == id)
            #expect(abs(try row.date("d").timeIntervalSince(date)) < 0.000_002)
            #expect(try row.bytes("bytes") == bytes)
            #expect(row["maybe"] == nil)
            #expect(try row.optionalInt("i32") == Int(Int32.min))
            #expect(try row.optionalDate("maybe") == nil)
            let arrays = try #require(
                try await pool.query(
                    "SELECT names = \(names)::text[] AS same, array_length(names, 1) AS n, numbers[3] AS last FROM \(identifier: schema).t WHERE id = 1"
                ).first)
            #expect(try arrays.bool("same"))
            #expect(try arrays.int("n") == names.count)
            #expect(try arrays.int64("last") == Int64.max)
            let other = try #require(try await pool.query("SELECT b, maybe FROM \(identifier: schema).t WHERE id = 2").first)
            #expect(try other.bool("b") == false)
            #expect(try other.string("maybe") == "x")
            #expect(try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).t").first?.int("n") == 2)

            #expect(await failure { _ = try row.string("maybe") }?.code == .decodingFailed)
            #expect(await failure { _ = try row.int("s") }?.code == .decodingFailed)
            let missingColumn = await failure { _ = try row.string("nope") }
            #expect(missingColumn?.code == .decodingFailed && missingColumn?.message.contains("nope") == true)
        }
    }

    @Test func dateTextMatchesPostgresAndIsUTC() async throws {
        try await withSchema { pool, _ in
            let date = Date(timeIntervalSince1970: 1_795_428_000.123)  // 2026-11-23T10:00:00.123Z
            #expect(date.postgresText == "2026-11-23T10:00:00.123Z")
            let row = try #require(try await pool.query("SELECT \(date)::timestamptz AS d, (\(date)::timestamptz)::text AS t").first)
            #expect(try row.string("t") == "2026-11-23 10:00:00.123+00")
            #expect(abs(try row.date("d").timeIntervalSince(date)) < 0.000_001)
        }
    }

    @Test func serverErrorCarriesSQLStateAndTheConnectionStaysUsable() async throws {
        try await withSchema { pool, schema in
            try await pool.query("CREATE TABLE \(identifier: schema).u (k text PRIMARY KEY)")
            let connection = try await PostgresConnection.connect(try adminConfiguration(), logger: logger)
            try await connection.query("INSERT INTO \(identifier: schema).u VALUES (\("a"))")
            let duplicate = try #require(
                await failure { try await connection.query("INSERT INTO \(identifier: schema).u VALUES (\("a"))") })
            #expect(duplicate.code == .queryFailed)
            #expect(duplicate.sqlState == "23505")
            #expect(!duplicate.isConnectionProblem && !duplicate.isTransactionConflict)
            #expect(duplicate.query?.contains("INSERT") == true)
            #expect(await failure { try await connection.query("SELEC 1") }?.sqlState == "42601")
            #expect(await connection.isHealthy)
            #expect(try await connection.query("SELECT 41 + 1 AS n").first?.int("n") == 42)
            await connection.close()
            await connection.close()
            #expect(await connection.isHealthy == false)
            #expect(await failure { try await connection.query("SELECT 1") }?.code == .connectionLost)
        }
    }

    @Test func poolMakesBorrowersWaitWhenAllConnectionsAreInUse() async throws {
        let pool = PostgresPool(configuration: try adminConfiguration(), size: 2, logger: logger)
        let inUse = Counter()
        let sawWaiting = Counter()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await pool.withConnection { connection in
                        inUse.increment()
                        #expect(pool.metrics.inUse <= 2)
                        try await connection.query("SELECT pg_sleep(0.2)")
                        if pool.metrics.waiting > 0 { sawWaiting.increment() }
                        inUse.decrement()
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        #expect(inUse.highWater == 2)
        #expect(elapsed >= .milliseconds(590))
        #expect(sawWaiting.value > 0)
        #expect(pool.metrics == PoolStatistics(size: 2, inUse: 0, idle: 2, waiting: 0))
        #expect(await pool.isReachable())
        await pool.close()
        #expect(await failure { try await pool.query("SELECT 1") }?.code == .poolClosed)
        #expect(await pool.isReachable() == false)
    }

    @Test func listenReceivesNotificationsAndTimesOut() async throws {
        let channel = "o2c test \"channel\" \(UInt16.random(in: 0...UInt16.max))"
        let listener = try await PostgresConnection.connect(try adminConfiguration(), logger: logger)
        let pool = PostgresPool(configuration: try adminConfiguration(), size: 1, logger: logger)
        try await listener.listen(channel)
        try await pool.query("SELECT pg_notify(\(channel), \("payload 'one'"))")
        let first = try await listener.waitForNotification(timeout: .seconds(5))
        #expect(first == PostgresNotification(channel: channel, payload: "payload 'one'"))

        let start = ContinuousClock.now
        #expect(try await listener.waitForNotification(timeout: .milliseconds(300)) == nil)
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(290) && waited < .seconds(2))

        async let later = listener.waitForNotification(timeout: .seconds(5))
        try await Task.sleep(for: .milliseconds(100))
        try await pool.query("SELECT pg_notify(\(channel), \("two"))")
        #expect(try await later?.payload == "two")
        await listener.close()
        await pool.close()
    }

    @Test func unreachableServerIsReportedAsConnectionFailed() async throws {
        var config = try PostgresConfiguration(url: "postgres://postgres@127.0.0.1:1/o2c")
        config.connectTimeoutSeconds = 1
        let error = await failure { _ = try await PostgresConnection.connect(config, logger: logger) }
        #expect(error?.code == .connectionFailed && error?.isConnectionProblem == true)
        let pool = PostgresPool(configuration: config, size: 1, logger: logger)
        #expect(await pool.isReachable(timeout: .seconds(1)) == false)
        #expect(pool.metrics.inUse == 0)
    }
}
