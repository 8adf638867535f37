import Foundation
import O2CContracts
import Testing

/// docs/ARCHITECTURE.md scaling: finance-collections and warehouse-dispatch run as three processes each
/// on their own ports, sharing the service's schema and queue on one RabbitMQ and PostgreSQL, under a
/// batch of concurrent orders (DOMAIN.md "The order-to-cash flow"). Every order completes once, with
/// no duplicate invoice or dispatch note, and nothing is lost when the instances are restarted in turn.
@Suite("Scaling: three instances of finance-collections and warehouse-dispatch (all services as processes)", .serialized)
struct ScalingTests {
    static let orderCount = 12
    static let concurrency = 4

    @Test(
        "DOMAIN.md The order-to-cash flow: 12 concurrent orders over three instances of each scaled service complete once each, and every instance consumed messages"
    )
    func instancesShareTheWork() async throws {
        try await ScaledWorld.run { world in
            let customers = try await Self.customers(world)
            let orders = try await Self.batch(world, customers)
            try await Self.expectEachCompletedOnce(world, orders)
            for set in [world.finance, world.warehouse] {
                for instance in await set.live {
                    let consumed = try await ScaledWorld.consumed(by: instance)
                    #expect(consumed > 0, "\(instance.name) on :\(instance.port) consumed \(consumed) messages")
                }
            }
        }
    }

    @Test(
        "DOMAIN.md The order-to-cash flow: a rolling restart (SIGTERM each instance in turn) during the batch loses nothing and leaves no saga stuck"
    )
    func rollingRestartLosesNothing() async throws {
        try await ScaledWorld.run { world in
            let customers = try await Self.customers(world)
            let restarts = Turns()
            // Orders start spread over the six restarts, the last as the last restart begins, so every SIGTERM meets orders in flight.
            async let batch = Self.batchFinishing(world, customers) { index in
                try await restarts.wait(for: index * 6 / (Self.orderCount - 1))
            }
            try await Task.sleep(for: .seconds(3))
            var lastRestart = ContinuousClock.now
            var consumedByStopped: [String: [Int]] = [:]
            for index in 0..<3 {
                for set in [world.finance, world.warehouse] {
                    let instance = await set.live[index]
                    await restarts.next()
                    lastRestart = ContinuousClock.now
                    let (status, consumed) = try await world.restart(set, instance)
                    consumedByStopped[set.executable, default: []].append(consumed)
                    #expect(status == 0, "\(instance.name) on :\(instance.port) exits 0 on SIGTERM:\n\(instance.log.suffix(2000))")
                    try await Task.sleep(for: .seconds(1))
                }
            }
            let (orders, finished) = try await batch
            #expect(lastRestart < finished, "the last restart began while orders were still in flight")
            try await Self.expectEachCompletedOnce(world, orders)
            for (executable, consumed) in consumedByStopped {
                #expect(consumed.reduce(0, +) > 0, "the stopped instances of \(executable) were at work: \(consumed)")
            }
            for set in [world.finance, world.warehouse] {
                var consumed: [Int] = []
                for instance in await set.live { consumed.append(try await ScaledWorld.consumed(by: instance)) }
                #expect(consumed.reduce(0, +) > 0, "the replacements of \(set.executable) took over work: \(consumed)")
            }
        }
    }

    // MARK: - Batch

    /// A grade-A customer per order (so each order's payments meet only its own invoices), with stock for all.
    static func customers(_ world: ScaledWorld) async throws -> [String] {
        var customers: [String] = []
        for index in 0..<orderCount {
            customers.append(try await world.step { try await $0.customer(grade: "A", onHand: 1_000, name: "Scale Castings \(index)") })
        }
        return customers
    }

    /// Runs one order per customer to completion, `concurrency` at a time; returns (customer, order) pairs.
    /// `before(index)` runs before the index-th order starts.
    static func batch(
        _ world: ScaledWorld, _ customers: [String], before: (Int) async throws -> Void = { _ in }
    )
        async throws -> [(customer: String, order: String)]
    {
        try await withThrowingTaskGroup(of: (customer: String, order: String).self) { group in
            var done: [(customer: String, order: String)] = []
            for (index, customerId) in customers.enumerated() {
                if index >= concurrency, let finished = try await group.next() { done.append(finished) }
                try await before(index)
                group.addTask { (customerId, try await world.completeOrder(customerId)) }
            }
            for try await finished in group { done.append(finished) }
            return done
        }
    }

    static func batchFinishing(
        _ world: ScaledWorld, _ customers: [String], before: @Sendable (Int) async throws -> Void
    ) async throws
        -> (orders: [(customer: String, order: String)], finished: ContinuousClock.Instant)
    {
        let orders = try await batch(world, customers, before: before)
        return (orders, ContinuousClock.now)
    }

    // MARK: - Expectations

    /// Each order completed with one deposit, one balance and one freight invoice, all paid; one sale
    /// dispatch note; two receipts; a balanced ledger. No saga stuck, nothing parked, no outbox row unsent.
    static func expectEachCompletedOnce(_ world: ScaledWorld, _ orders: [(customer: String, order: String)]) async throws {
        #expect(Set(orders.map(\.order)).count == orderCount)
        try await world.step { view in
            for (customerId, orderId) in orders {
                #expect(try await view.order(orderId)["status"] as? String == "completed", "order \(orderId)")
                let invoices = try await view.list(view.finance, "/v1/invoices?orderId=\(orderId)", as: .finance)
                for kind in ["deposit", "balance", "freight"] {
                    #expect(invoices.filter { $0["kind"] as? String == kind }.count == 1, "\(kind) invoices of \(orderId): \(invoices)")
                }
                #expect(invoices.allSatisfy { $0["outstanding"] as? String == "0.00" }, "invoices of \(orderId): \(invoices)")
                let notes = try await view.list(view.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin)
                #expect(notes.filter { ($0["kind"] as? String ?? "sale") == "sale" }.count == 1, "dispatch notes of \(orderId): \(notes)")
                let receipts = try await world.harness.admin.query(
                    "select count(*)::bigint as n from \(identifier: view.financeSchema).receipts where customer_id = \(customerId)")
                #expect(try receipts.rows.first?.int64("n") == 2, "deposit and balance receipts of \(customerId), each once")
                try await view.expectLedgerBalances(customerId)
            }
            let stuck = try await view.list(view.orders, "/v1/sagas/stuck", as: .salesDirector)
            #expect(stuck.isEmpty, "stuck sagas: \(stuck)")
        }
        let id = world.harness.id
        for schema in [id, "\(id)_credit", "\(id)_finance", "\(id)_warehouse"] + (world.afterSales == nil ? [] : ["\(id)_aftersales"]) {
            try await eventually("outbox of \(schema) drained") {
                let unsent = try await world.harness.admin.query(
                    "select count(*) as n from \(identifier: schema).outbox where sent_at is null")
                return try unsent.rows[0].int("n") == 0
            }
        }
        for queue in ["finance-collections", "warehouse-dispatch", "orders", "credit"] + (world.afterSales == nil ? [] : ["after-sales"]) {
            #expect(try await world.messages(inQueue: "\(queue).parked") == 0, "nothing parked in \(queue).parked")
        }
    }
}

/// How many restarts have begun, for the batch to wait on.
private actor Turns {
    private var count = 0
    func next() { count += 1 }
    func wait(for turns: Int) async throws {
        while count < turns { try await Task.sleep(for: .milliseconds(50)) }
    }
}
