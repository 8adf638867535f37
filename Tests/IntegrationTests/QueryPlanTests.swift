import Foundation
import Logging
import O2CContracts
import O2CPostgres
import Testing

/// Issue 13, "cost flat with history": what one order costs the database must not grow with everything ever
/// sold. The five services drive a few complete orders of DOMAIN.md "The order-to-cash flow" (with the reads
/// the flow makes and whatever the schedulers and housekeeping run meanwhile), scripts/history.sql multiplies
/// them into 20,000 orders of history, and the same number of orders is driven again. Every statement that ran
/// in both windows is compared by the shared blocks it touched per call (pg_stat_statements), and every table
/// of the five schemas by the rows sequential scans read in the second window (pg_stat_user_tables).
@Suite("Query plans: the cost per order stays flat with history (DOMAIN.md The order-to-cash flow; issue 13)", .serialized)
struct QueryPlanTests {
    /// Orders driven in each window (at the same time).
    static let drivenOrders = 4
    /// Orders in history before the second window.
    static let historyOrders = 20_000
    /// A statement fails when its blocks per call after exceed `growthFactor` × before + `growthAllowance`.
    /// The allowance: a b-tree over 20,000 orders' rows is at most two levels deeper than over a handful, and a
    /// hot statement probes up to about eight indexes (an insert maintaining its table's indexes, its foreign
    /// key checks): 16 more blocks. The factor: its own rows no longer share the few pages everything shared
    /// while the tables were small. One sequential scan of any multiplied table reads hundreds of blocks.
    static let growthFactor = 2.0
    static let growthAllowance = 16.0
    /// A statement of the world's schemas that ran only in the second window (housekeeping, which runs once a
    /// minute and names its schema) fails above this many blocks per call: a dozen index probes, a fraction
    /// of any scan. Other statements that ran only then belong to another test or tool on the same server.
    static let newStatementBound = 64.0
    /// A table fails when sequential scans read more rows than this in the second window: every table that
    /// history multiplies holds at least 20,000 rows by then, so this is a fraction of one scan; the tables
    /// it leaves alone (settings, calendars, products, stock) hold a handful and the flow reads them a few
    /// dozen times.
    static let scannedRowsBound: Int64 = 1_000

    @Test(
        "issue 13 / DOMAIN.md The order-to-cash flow: with 20,000 orders of history no statement reads more per call and no table is scanned"
    )
    func costFlatWithHistory() async throws {
        let started = ContinuousClock.now
        try await OrderToCashWorld.run(withAfterSales: true) { world in
            let id = world.harness.id
            let schemas = [world.harness.schema, "\(id)_credit", "\(id)_warehouse", "\(id)_finance", "\(id)_aftersales"]
            let guardian = try PlanGuard(schemas: schemas, logger: Logger(label: "plan-guard"))
            do {
                try await check(world, guardian, started: started)
            } catch {
                await guardian.close()
                throw error
            }
            await guardian.close()
        }
        print("plan guard: whole test \(ContinuousClock.now - started)")
    }

    private func check(_ world: OrderToCashWorld, _ guardian: PlanGuard, started: ContinuousClock.Instant) async throws {
        let orders = Self.drivenOrders
        // First window: a few orders on nearly empty tables.
        let statements0 = try await guardian.statements()
        let firstOrders = try await world.completeOrders(orders, batch: "before")
        // The department's daily lists (issue 14) are read in both windows, so their statements are guarded too.
        let customer = try await world.call("GET", world.orders, "/v1/orders/\(firstOrders[0])", as: .salesManager)["customerId"] as? String
        try await world.readDailyLists(customer: customer ?? "none")
        try await guardian.waitForDrainedOutboxes()
        let statements1 = try await guardian.statements()
        let before = PlanGuard.growth(from: statements0, to: statements1)
        print("plan guard: first \(orders) orders done at \(ContinuousClock.now - started)")

        // History: every row copied with its ids remapped, until there are at least 20,000 orders.
        let copies = (Self.historyOrders + firstOrders.count - 1) / firstOrders.count
        let loading = ContinuousClock.now
        let added = try await guardian.multiplyHistory(copies: copies)
        let loadTime = ContinuousClock.now - loading
        let seconds = Double(loadTime.components.seconds) + Double(loadTime.components.attoseconds) / 1e18
        print("plan guard: history \(added) rows in \(loadTime) (\(Int(Double(added) / max(seconds, 0.001))) rows/s)")

        // Second window: the same number of orders on the large tables.
        let tables2 = try await guardian.tableScans()
        let statements2 = try await guardian.statements()
        let secondOrders = try await world.completeOrders(orders, batch: "after")
        #expect(secondOrders.count == orders)
        try await world.readDailyLists(customer: customer ?? "none")
        let statements3 = try await guardian.statements()
        // A session sends its table counters to the shared statistics when it goes idle, but no more often than
        // once a second: otherwise 10 s later (PostgreSQL's PGSTAT_IDLE_INTERVAL).
        try await Task.sleep(for: .milliseconds(10_500))
        let tables3 = try await guardian.tableScans()
        // Counted last: the guard's own scan would otherwise show in the second window.
        let inHistory = try await guardian.count(world.harness.schema, "orders")
        #expect(inHistory >= Int64(Self.historyOrders + orders), "the orders table holds \(inHistory) orders")
        // The copies refer to each other across the services as the originals did.
        let strays = try await guardian.crossServiceStrays(
            orders: world.harness.schema, finance: world.financeSchema, warehouse: "\(world.harness.id)_warehouse")
        #expect(strays == 0, "\(strays) invoices or dispatch notes name an order the orders service does not hold")
        let after = PlanGuard.growth(from: statements2, to: statements3)
        let scanned = PlanGuard.growth(from: tables2, to: tables3)
        print("plan guard: second \(orders) orders done at \(ContinuousClock.now - started)")

        var offenders: [String] = []
        var report: [(perCall: Double, line: String)] = []
        for (queryId, statement) in after {
            guard before[queryId] != nil || world.harness.schemaNamed(in: statement.query) else { continue }
            let line: String
            let bound: Double
            if let earlier = before[queryId] {
                bound = Self.growthFactor * earlier.blocksPerCall + Self.growthAllowance
                line =
                    "\(Self.figure(earlier.blocksPerCall)) → \(Self.figure(statement.blocksPerCall)) blocks/call "
                    + "(calls \(earlier.calls) → \(statement.calls)): \(PlanGuard.oneLine(statement.query))"
            } else {
                bound = Self.newStatementBound
                line =
                    "     new → \(Self.figure(statement.blocksPerCall)) blocks/call (calls \(statement.calls)): "
                    + PlanGuard.oneLine(statement.query)
            }
            report.append((statement.blocksPerCall, line))
            if statement.blocksPerCall > bound { offenders.append(line) }
        }
        print("plan guard: the 15 statements reading most per call in the second window:")
        for entry in report.sorted(by: { $0.perCall > $1.perCall }).prefix(15) { print("  " + entry.line) }

        let scans = scanned.filter { $0.value.rows > Self.scannedRowsBound }.sorted { $0.value.rows > $1.value.rows }
            .map { "\($0.key): \($0.value.scans) sequential scans read \($0.value.rows) rows (\($0.value.liveRows) rows live)" }
        #expect(
            offenders.isEmpty,
            """
            statements whose blocks per call grew by more than \(Self.growthFactor)× + \(Self.growthAllowance) with \
            \(Self.historyOrders) orders of history (before → after):
            \(offenders.joined(separator: "\n"))
            """)
        #expect(
            scans.isEmpty,
            """
            tables read by sequential scans of more than \(Self.scannedRowsBound) rows while \(orders) orders ran \
            on \(Self.historyOrders) orders of history:
            \(scans.joined(separator: "\n"))
            """)
    }

    /// A figure of blocks per call, right-aligned in eight characters.
    private static func figure(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return String(repeating: " ", count: max(0, 8 - text.count)) + text
    }
}
