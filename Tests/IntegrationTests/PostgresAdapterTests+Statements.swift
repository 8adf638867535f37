import Foundation
import Logging
import O2CPostgres
import Testing

/// The adapter's statement cache (issue 13, "fewer round trips"), against the real server.
extension PostgresAdapterTests {
    @Test("a statement with parameters is prepared once per connection and then only executed, whatever the bound values")
    func statementsArePreparedOncePerConnection() async throws {
        try await withSchema(size: 1) { pool, schema in
            try await pool.query("CREATE TABLE \(identifier: schema).t (id int primary key, name text)")
            for id in 1...5 { try await pool.query("INSERT INTO \(identifier: schema).t (id, name) VALUES (\(id), \("n\(id)"))") }
            for id in 1...5 {
                let name = try await pool.query("SELECT name FROM \(identifier: schema).t WHERE id = \(id)").rows[0].string("name")
                #expect(name == "n\(id)")
            }
            try await pool.withConnection { connection in
                let statements = try await connection.query(
                    "SELECT statement FROM pg_prepared_statements WHERE statement LIKE \("%" + schema + "%") ORDER BY statement"
                ).rows.map { try $0.string("statement") }
                #expect(statements.count == 2, "one INSERT and one SELECT, each prepared once: \(statements)")
                #expect(await connection.preparedStatementCount >= 2)
            }
        }
    }

    @Test(
        "a prepared select * whose table gained a column (a migration under a running service) answers the new shape, alone and inside a transaction"
    )
    func stalePreparedPlanIsPreparedAgain() async throws {
        try await withSchema(size: 1) { pool, schema in
            try await pool.query("CREATE TABLE \(identifier: schema).t (id int primary key)")
            try await pool.query("INSERT INTO \(identifier: schema).t (id) VALUES (\(1))")
            _ = try await pool.query("SELECT * FROM \(identifier: schema).t WHERE id = \(1)")
            try await pool.query("ALTER TABLE \(identifier: schema).t ADD COLUMN name text NOT NULL DEFAULT 'added'")

            let alone = try await pool.query("SELECT * FROM \(identifier: schema).t WHERE id = \(1)").rows[0]
            #expect(try alone.string("name") == "added")

            try await pool.query("ALTER TABLE \(identifier: schema).t ADD COLUMN note text NOT NULL DEFAULT 'again'")
            let attempts = Counter()
            let inside = try await pool.transaction { connection in
                attempts.increment()
                return try await connection.query("SELECT * FROM \(identifier: schema).t WHERE id = \(1)").rows[0].string("note")
            }
            #expect(inside == "again")
            #expect(attempts.value == 2, "the transaction met the stale plan once and ran again")
        }
    }
}
