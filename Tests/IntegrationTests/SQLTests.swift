import Foundation
import Logging
import O2CPostgres
import Testing

/// Typed SQL: values become parameters, identifiers are quoted, fragments renumber.
@Suite struct SQLTests {
    @Test func interpolatedValuesAreBoundNotWritten() {
        let id = "o-1'; drop table orders; --"
        let sql: SQL = "select status from \(identifier: "or\"ders").orders where id = \(id) and total > \(5)"
        #expect(sql.text == #"select status from "or""ders".orders where id = $1 and total > $2"#)
        #expect(sql.binds.map(\.postgresText) == [id, "5"])
    }

    @Test func fragmentsAreRenumberedAfterTheStatement() {
        let filters: [SQL] = ["customer_id = \("c-1")", "status = \("open")", "note <> '$1'"]
        let sql: SQL =
            "select id from invoices where kind = \("deposit") and " + SQL.joined(filters, separator: " and ")
            + " limit \(20)"
        #expect(sql.text == "select id from invoices where kind = $1 and customer_id = $2 and status = $3 and note <> '$1' limit $4")
        #expect(sql.binds.map(\.postgresText) == ["deposit", "c-1", "open", "20"])
    }

    @Test func castAndUnescapedText() {
        let sql: SQL = "insert into t (h) values (\("{}", as: "jsonb")) order by id \(unescaped: "desc")"
        #expect(sql.text == "insert into t (h) values ($1::jsonb) order by id desc")
    }

    @Test func aStatementRunsWithItsParametersOnTheServer() async throws {
        let pool = PostgresPool(
            configuration: try PostgresConfiguration(url: TestEnvironment.adminDatabaseURL, applicationName: "o2c-tests"),
            size: 1, logger: Logger(label: "test.sql"))
        let hostile = "x'); select pg_sleep(10); --"
        let row = try await pool.query("select \(hostile)::text as echoed, \(41) + 1 as answer, \(Optional<String>.none)::text as nothing")
            .rows.first
        #expect(try row?.string("echoed") == hostile)
        #expect(try row?.int("answer") == 42)
        #expect(row?["nothing"] == nil)
        await pool.close()
    }
}
