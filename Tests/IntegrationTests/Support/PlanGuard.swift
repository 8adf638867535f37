import Foundation
import Logging
import O2CContracts
import O2CPostgres
import Testing

/// What PostgreSQL counted for the statements of one world while it ran (issue 13, "cost flat with history"):
/// pg_stat_statements per statement (calls and shared blocks touched) and pg_stat_user_tables per table of the
/// world's five schemas (sequential scans and the rows they read). Counters are read as snapshots and
/// subtracted, never reset, so that nothing else measuring on the same server (scripts/bench.sh) loses its
/// figures. A statement's queryid hashes the relations it names, so the same text on another test's schemas
/// is another entry: the entries this world's statements make are the same in both windows of the test.
struct PlanGuard {
    /// One statement's counters (cumulative in a snapshot, the growth in a window).
    struct Statement {
        var query: String
        var calls: Int64
        var blocks: Int64
        var blocksPerCall: Double { calls > 0 ? Double(blocks) / Double(calls) : 0 }
    }

    /// One table's sequential scans (cumulative in a snapshot, the growth in a window).
    struct TableScans {
        var scans: Int64
        var rows: Int64
        var liveRows: Int64
    }

    /// The marker of the guard's own statements, which the comparison leaves out.
    static let marker = "/* plan guard */"

    let pool: PostgresPool
    let schemas: [String]

    /// A pool of one connection without a statement timeout (multiplying history takes longer than the
    /// services' 30 s), as the superuser.
    init(schemas: [String], logger: Logger) throws {
        var configuration = try PostgresConfiguration(url: TestEnvironment.adminDatabaseURL)
        configuration.statementTimeoutMilliseconds = 0
        configuration.applicationName = "plan-guard"
        pool = PostgresPool(configuration: configuration, size: 1, logger: logger)
        self.schemas = schemas
    }

    func close() async { await pool.close() }

    /// The statements of this database run as the superuser (the harness runs the services as it; the
    /// services of `scripts/run.sh` and the benchmark connect as their own roles), by queryid.
    func statements() async throws -> [String: Statement] {
        let result = try await pool.query(
            """
            /* plan guard */ select s.queryid::text as id, s.calls, s.shared_blks_hit + s.shared_blks_read as blocks, s.query
            from public.pg_stat_statements s join pg_database d on d.oid = s.dbid
            where d.datname = current_database() and s.userid = (select oid from pg_roles where rolname = current_user)
              and s.toplevel and s.queryid is not null
            """)
        var statements: [String: Statement] = [:]
        for row in result.rows {
            statements[try row.string("id")] = Statement(
                query: row["query"] ?? "", calls: try row.int64("calls"), blocks: try row.int64("blocks"))
        }
        return statements
    }

    /// The sequential scans of every table of the world's schemas, by `schema.table`.
    func tableScans() async throws -> [String: TableScans] {
        var filter: [SQL] = []
        for schema in schemas { filter.append("\(schema)") }
        let result = try await pool.query(
            """
            /* plan guard */ select schemaname || '.' || relname as name, coalesce(seq_scan, 0) as scans,
                coalesce(seq_tup_read, 0) as rows, coalesce(n_live_tup, 0) as live
            from pg_stat_user_tables where schemaname in (\(SQL.joined(filter, separator: ", ")))
            """)
        var tables: [String: TableScans] = [:]
        for row in result.rows {
            tables[try row.string("name")] = TableScans(
                scans: try row.int64("scans"), rows: try row.int64("rows"), liveRows: try row.int64("live"))
        }
        return tables
    }

    /// Runs scripts/history.sql and its function on one session: `copies` more of every row of the world's
    /// schemas (ids remapped), then ANALYZE. Returns the rows added.
    func multiplyHistory(copies: Int) async throws -> Int64 {
        let file = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/history.sql")
        let script = try String(contentsOf: file, encoding: .utf8)
        return try await pool.withConnection { connection in
            try await connection.query(SQL(stringLiteral: script))
            let added = try await connection.query(
                "/* plan guard */ select pg_temp.o2c_multiply_history(\(copies), \(schemas)::text[]) as added")
            return try added.rows[0].int64("added")
        }
    }

    /// The number of rows of one table of the world (`schema.table`, names as given).
    func count(_ schema: String, _ table: String) async throws -> Int64 {
        try await pool.query("/* plan guard */ select count(*) as n from \(identifier: schema).\(identifier: table)").rows[0]
            .int64("n")
    }

    /// Finance's invoices and warehouse's dispatch notes whose order id the orders schema does not hold.
    func crossServiceStrays(orders: String, finance: String, warehouse: String) async throws -> Int64 {
        try await pool.query(
            """
            /* plan guard */ select
                (select count(*) from \(identifier: finance).invoices i
                 where not exists (select 1 from \(identifier: orders).orders o where o.id = i.order_id))
                + (select count(*) from \(identifier: warehouse).dispatch_notes n
                   where not exists (select 1 from \(identifier: orders).orders o where o.id = n.order_id)) as n
            """
        ).rows[0].int64("n")
    }

    /// Waits until no outbox of the world holds an unsent message (the relays published everything).
    func waitForDrainedOutboxes(timeout: Duration = .seconds(30)) async throws {
        try await eventually("every outbox drained", timeout: timeout, every: .milliseconds(200)) {
            for schema in schemas {
                let unsent = try await pool.query(
                    "/* plan guard */ select count(*) as n from \(identifier: schema).outbox where sent_at is null")
                if try unsent.rows[0].int64("n") > 0 { return false }
            }
            return true
        }
    }

    /// `later` minus `earlier`, per key; entries that did not grow are left out, and so are the guard's own.
    static func growth(from earlier: [String: Statement], to later: [String: Statement]) -> [String: Statement] {
        var grown: [String: Statement] = [:]
        for (id, statement) in later where !statement.query.hasPrefix(marker) {
            let before = earlier[id]
            let calls = statement.calls - (before?.calls ?? 0)
            guard calls > 0 else { continue }
            grown[id] = Statement(query: statement.query, calls: calls, blocks: statement.blocks - (before?.blocks ?? 0))
        }
        return grown
    }

    static func growth(from earlier: [String: TableScans], to later: [String: TableScans]) -> [String: TableScans] {
        var grown: [String: TableScans] = [:]
        for (name, table) in later {
            let before = earlier[name]
            grown[name] = TableScans(
                scans: table.scans - (before?.scans ?? 0), rows: table.rows - (before?.rows ?? 0), liveRows: table.liveRows)
        }
        return grown
    }

    /// A statement's text on one line, at most `length` characters.
    static func oneLine(_ query: String, length: Int = 220) -> String {
        let line = query.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count > length ? String(line.prefix(length)) + "…" : line
    }
}

extension OrderToCashWorld {
    /// DOMAIN.md "The order-to-cash flow" from start to end for a customer of its own, with the reads the
    /// flow makes: quote → contract → sign → deposit paid → pick, hand-over, gate pass, release → delivery →
    /// balance and freight paid → completed; then the customer's account. Returns the order id.
    @discardableResult
    func completeOrder(name: String) async throws -> String {
        let customerId = try await customer(grade: "A", name: name)
        let orderId = try await placeOrder(customerId)
        try await payDeposit(customerId, orderId)
        try await ship(orderId)
        _ = try await invoice(orderId, kind: "balance")
        try await deliver(orderId)
        _ = try await waitFor(finance, "/v1/invoices?customerId=\(customerId)", as: .finance) { $0["kind"] as? String == "freight" }
        try await payOutstanding(customerId, reference: "BAL-\(orderId)")
        try await waitForStatus(orderId, "completed")
        _ = try await call("GET", finance, "/v1/customers/\(customerId)/account", as: .finance)
        try await archiveAndReadWorklists(orderId)
        return orderId
    }

    /// The sales_admin archives the order's contract (so history holds no backlog of unarchived contracts, as a
    /// department that archives the same day has none), and every role with work in a service reads its worklist.
    func archiveAndReadWorklists(_ orderId: String) async throws {
        if let contractId = try await order(orderId)["contractId"] as? String {
            _ = try await call("POST", orders, "/v1/contracts/\(contractId)/archive", as: .salesAdmin)
        }
        let worklists: [(ServiceProcess?, [Role])] = [
            (orders, [.salesManager, .generalManager, .salesAdmin]), (credit, [.salesDirector]),
            (warehouse, [.warehouseKeeper, .salesAdmin, .gatekeeper, .carrier]), (finance, [.finance, .salesperson, .generalManager]),
            (afterSales, [.branchManager, .salesManager, .technician, .customerService]),
        ]
        for case (let process?, let roles) in worklists {
            for role in roles {
                let (body, status) = try await send("GET", process, "/v1/worklist", as: role)
                guard status == 200 else {
                    throw TestFailure("GET /v1/worklist as \(role.rawValue) → \(status): \(String(decoding: body, as: UTF8.self))")
                }
            }
        }
    }

    /// `count` complete orders at the same time, each for a customer of its own.
    func completeOrders(_ count: Int, batch: String) async throws -> [String] {
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<count {
                group.addTask { try await completeOrder(name: "Plan Guard \(batch)-\(index)") }
            }
            var ids: [String] = []
            for try await id in group { ids.append(id) }
            return ids
        }
    }
}

extension ServiceHarness {
    /// Whether a statement's text names one of this world's schemas (they all begin with its id).
    func schemaNamed(in query: String) -> Bool { query.contains(id) }
}
