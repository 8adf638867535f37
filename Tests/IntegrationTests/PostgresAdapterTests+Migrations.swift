import O2CPostgres
import Testing

/// Versioned migrations and the per-service roles.
extension PostgresAdapterTests {
    static let migrations = [
        Migration(version: 1, name: "create items", sql: "CREATE TABLE items (id int PRIMARY KEY); CREATE INDEX items_id ON items (id);"),
        Migration(version: 2, name: "add name", sql: "ALTER TABLE items ADD COLUMN name text"),
        Migration(version: 3, name: "seed", sql: "INSERT INTO items VALUES (1, 'first')"),
    ]

    @Test func migrationsApplyOnceAndRefuseAChangedChecksum() async throws {
        try await withSchema { pool, schema in
            let all = Self.migrations
            let pending = try await Migrator.pendingVersions(pool: pool, schema: schema, migrations: all)
            let firstRun = try await Migrator.migrate(pool: pool, schema: schema, migrations: Array(all.prefix(2)), logger: logger)
            let secondRun = try await Migrator.migrate(pool: pool, schema: schema, migrations: all.reversed(), logger: logger)
            let thirdRun = try await Migrator.migrate(pool: pool, schema: schema, migrations: all, logger: logger)
            let seeded = try await pool.query("SELECT name FROM \(identifier: schema).items").first?.string("name")
            #expect(pending == [1, 2, 3])
            #expect(firstRun == [1, 2])
            #expect(secondRun == [3])
            #expect(thirdRun == [])
            #expect(seeded == "first")

            var edited = all
            edited[1].sql += ";"
            let refused = await failure { _ = try await Migrator.migrate(pool: pool, schema: schema, migrations: edited, logger: logger) }
            #expect(refused?.code == .queryFailed)
            #expect(refused?.message.contains("migration 2") == true)
            // The advisory lock was released: a further run still gets through.
            let afterRefusal = try await Migrator.migrate(pool: pool, schema: schema, migrations: all, logger: logger)
            #expect(afterRefusal == [])
        }
    }

    @Test func concurrentMigratorsApplyEachVersionOnce() async throws {
        try await withSchema { pool, schema in
            let other = PostgresPool(configuration: try adminConfiguration(), size: 1, logger: logger)
            async let first = Migrator.migrate(pool: pool, schema: schema, migrations: Self.migrations, logger: logger)
            async let second = Migrator.migrate(pool: other, schema: schema, migrations: Self.migrations, logger: logger)
            let applied = try await [first, second]
            #expect((applied[0] + applied[1]).sorted() == [1, 2, 3])
            #expect(applied.contains([]))
            #expect(try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).schema_migrations").first?.int("n") == 3)
            #expect(try await pool.query("SELECT count(*) AS n FROM \(identifier: schema).items").first?.int("n") == 1)
            await other.close()
        }
    }

    /// The admin server and database, as a service role, with the password `scripts/infra.sh` generated for it.
    func configuration(asRole role: String) throws -> PostgresConfiguration {
        var configuration = try adminConfiguration()
        configuration.user = role
        configuration.password = try #require(
            TestEnvironment.databasePassword(role: role),
            "no secrets/pg-\(role) under \(TestEnvironment.runDirectory.path): run scripts/infra.sh start")
        return configuration
    }

    @Test func aServiceRoleCannotReadAnotherServicesSchema() async throws {
        let admin = PostgresPool(configuration: try adminConfiguration(), size: 1, logger: logger)
        let table = TestEnvironment.uniqueName("secret")
        try await admin.query(
            "CREATE TABLE orders.\(identifier: table) (id int); ALTER TABLE orders.\(identifier: table) OWNER TO o2c_orders")
        let credit = PostgresPool(configuration: try configuration(asRole: "o2c_credit"), size: 1, logger: logger)
        let orders = PostgresPool(configuration: try configuration(asRole: "o2c_orders"), size: 1, logger: logger)
        #expect(await failure { try await credit.query("SELECT * FROM orders.\(identifier: table)") }?.sqlState == "42501")
        #expect(try await orders.query("SELECT count(*) AS n FROM orders.\(identifier: table)").first?.int("n") == 0)
        try await admin.query("DROP TABLE orders.\(identifier: table)")
        await credit.close()
        await orders.close()
        await admin.close()
    }
}
