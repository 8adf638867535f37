import Logging

/// One step of a schema's history. `sql` may hold several statements; it runs with `search_path` set
/// to the schema, so it names tables without a schema prefix. Never edit an applied migration: add one.
package struct Migration: Sendable {
    package var version: Int
    package var name: String
    package var sql: String

    package init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// FNV-1a 64 of the SQL text, as 16 hex digits: detects an applied migration edited afterwards.
    package var checksum: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Applies versioned migrations per schema, once, however many instances start at the same time.
package enum Migrator {
    /// Takes the schema's advisory lock, creates `"<schema>".schema_migrations` if needed, refuses to go
    /// on when an applied migration's checksum differs from the code's, then applies each pending
    /// migration (by version) in its own transaction. Returns the versions applied by this call.
    @discardableResult
    package static func migrate(pool: PostgresPool, schema: String, migrations: [Migration], logger: Logger) async throws -> [Int] {
        var logger = logger
        logger[metadataKey: "db.schema"] = "\(schema)"
        let versions = migrations.map(\.version)
        if Set(versions).count != versions.count {
            throw PostgresError(
                code: .invalidConfiguration, message: "migrations for schema \(schema) repeat a version: \(versions.sorted())")
        }
        return try await pool.withConnection { connection in
            // Another instance may hold the lock for as long as its migrations take, and a migration may
            // outlast a request's statement timeout: no session timeouts while migrating.
            try await connection.query("SET lock_timeout = 0; SET statement_timeout = 0")
            try await connection.query("SELECT pg_advisory_lock(hashtext(\("o2c.migrations." + schema)))")
            do {
                let applied = try await apply(migrations, schema: schema, on: connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(hashtext(\("o2c.migrations." + schema)))")
                try await connection.query("RESET lock_timeout; RESET statement_timeout")
                return applied
            } catch {
                // A broken connection has released the lock already; ROLLBACK first so the unlock can run.
                await connection.rollbackQuietly()
                _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext(\("o2c.migrations." + schema)))")
                _ = try? await connection.query("RESET lock_timeout; RESET statement_timeout")
                throw error
            }
        }
    }

    /// The versions in `migrations` not yet applied to `schema` (all of them when it has no history yet).
    package static func pendingVersions(pool: PostgresPool, schema: String, migrations: [Migration]) async throws -> [Int] {
        let exists = try await pool.query(
            "SELECT to_regclass(\(PostgresIdentifier.quoted(schema) + ".schema_migrations")) IS NOT NULL AS present")
        guard try exists.first?.bool("present") == true else { return migrations.map(\.version).sorted() }
        let applied = try await pool.query("SELECT version FROM \(identifier: schema).schema_migrations")
        let done = Set(try applied.rows.map { row throws(PostgresError) in try row.int("version") })
        return migrations.map(\.version).filter { !done.contains($0) }.sorted()
    }

    private static func apply(
        _ migrations: [Migration], schema: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Int] {
        // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists, which a
        // service role that merely owns its schema lacks: ask first.
        let existing = try await connection.query("SELECT 1 FROM pg_namespace WHERE nspname = \(schema)")
        if existing.rows.isEmpty { try await connection.query("CREATE SCHEMA \(identifier: schema)") }
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS \(identifier: schema).schema_migrations (
                version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """)
        var checksums: [Int: String] = [:]
        for row in try await connection.query("SELECT version, checksum FROM \(identifier: schema).schema_migrations").rows {
            checksums[try row.int("version")] = try row.string("checksum")
        }
        for migration in migrations {
            if let recorded = checksums[migration.version], recorded != migration.checksum {
                throw PostgresError(
                    code: .queryFailed,
                    message: "migration \(migration.version) (\(migration.name)) of schema \(schema) was changed after it was applied "
                        + "(checksum \(recorded) in the database, \(migration.checksum) in the code); add a new migration instead")
            }
        }
        var appliedNow: [Int] = []
        let quotedSchema = PostgresIdentifier.quoted(schema)
        for migration in migrations.sorted(by: { $0.version < $1.version }) where checksums[migration.version] == nil {
            try await connection.begin(.readCommitted)
            try await connection.execute("SET LOCAL search_path TO \(quotedSchema)")
            do {
                try await connection.execute(migration.sql)
            } catch {
                var error = error
                error.message = "migration \(migration.version) (\(migration.name)) of schema \(schema) failed: \(error.message)"
                throw error
            }
            try await connection.execute(
                "INSERT INTO \(quotedSchema).schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                [String(migration.version), migration.name, migration.checksum])
            try await connection.commit()
            logger.info(
                "applied migration", metadata: ["db.migration.version": "\(migration.version)", "db.migration.name": "\(migration.name)"])
            appliedNow.append(migration.version)
        }
        return appliedNow
    }
}
