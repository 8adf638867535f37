import Foundation
import O2CContracts
import Testing

/// The order-to-cash world with finance-collections and warehouse-dispatch scaled out: several
/// processes of each on their own ports, sharing the service's schema and queue on the same RabbitMQ
/// and PostgreSQL (docs/ARCHITECTURE.md: competing consumers, one outbox relay at a time). HTTP calls
/// go through `step`, which picks a live instance in turn as a load balancer would, and never picks one
/// that is being drained for a restart, so the rolling restart exercises messaging, not lost requests.
final class ScaledWorld: Sendable {
    let harness: ServiceHarness
    let orders: ServiceProcess
    let credit: ServiceProcess
    let afterSales: ServiceProcess?
    let finance: InstanceSet
    let warehouse: InstanceSet
    /// The ids of the receipts finance acknowledged (2xx), to look for after a failover.
    let acknowledgedReceipts = Receipts()
    /// Steps act as a careful client through a failover (`OrderToCashWorld.patient`).
    let patient: Bool

    private init(
        harness: ServiceHarness, orders: ServiceProcess, credit: ServiceProcess, afterSales: ServiceProcess?, finance: InstanceSet,
        warehouse: InstanceSet, patient: Bool
    ) {
        self.patient = patient
        self.harness = harness
        self.orders = orders
        self.credit = credit
        self.afterSales = afterSales
        self.finance = finance
        self.warehouse = warehouse
    }

    /// Runs `body` in a fresh world with `instances` processes of each scaled service; always tears it down.
    /// With `withAfterSales`, after-sales runs too (it follows the orders for returns), so that all five
    /// services are processes of the world; `infrastructure` is the single node or the cluster.
    static func run(
        instances: Int = 3, withAfterSales: Bool = false, infrastructure: TestInfrastructure = .single, patient: Bool = false,
        _ body: (ScaledWorld) async throws -> Void
    ) async throws {
        let harness = try await ServiceHarness(executable: "orders", infrastructure: infrastructure)
        do {
            let orders = try await harness.start()
            let credit = try await harness.start("credit", schema: "\(harness.id)_credit")
            let afterSales = withAfterSales ? try await harness.start("after-sales", schema: "\(harness.id)_aftersales") : nil
            var scaled: [InstanceSet] = []
            for (executable, schema) in [
                ("finance-collections", "\(harness.id)_finance"), ("warehouse-dispatch", "\(harness.id)_warehouse"),
            ] {
                var processes: [ServiceProcess] = []
                for _ in 0..<instances { processes.append(try await harness.start(executable, schema: schema)) }
                scaled.append(InstanceSet(executable: executable, schema: schema, live: processes))
            }
            try await body(
                ScaledWorld(
                    harness: harness, orders: orders, credit: credit, afterSales: afterSales, finance: scaled[0], warehouse: scaled[1],
                    patient: patient))
        } catch {
            await harness.tearDown()
            throw error
        }
        await harness.tearDown()
    }

    /// One step of a flow against the `OrderToCashWorld` helpers, on a finance and a warehouse instance
    /// leased for the step's duration.
    func step<T: Sendable>(_ body: (OrderToCashWorld) async throws -> T) async throws -> T {
        let financeInstance = await finance.lease()
        let warehouseInstance = await warehouse.lease()
        var world = OrderToCashWorld(
            harness: harness, orders: orders, credit: credit, warehouse: warehouseInstance, finance: financeInstance)
        world.afterSales = afterSales
        world.patient = patient
        do {
            let result = try await body(world)
            await release(financeInstance, warehouseInstance)
            return result
        } catch {
            await release(financeInstance, warehouseInstance)
            throw error
        }
    }

    private func release(_ financeInstance: ServiceProcess, _ warehouseInstance: ServiceProcess) async {
        await finance.release(financeInstance)
        await warehouse.release(warehouseInstance)
    }

    /// Polls a list endpoint, one short step per poll, until an item matches.
    func waitFor(
        _ service: KeyPath<OrderToCashWorld, ServiceProcess>, _ path: String, as role: Role,
        timeout: Duration = .seconds(120), _ matches: @escaping @Sendable ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        var found: [String: Any]?
        try await eventually(path, timeout: timeout, every: .milliseconds(300)) {
            let items = try await step { world in
                try JSONSerialization.data(withJSONObject: try await world.list(world[keyPath: service], path, as: role))
            }
            found = (try JSONSerialization.jsonObject(with: items) as? [[String: Any]])?.first(where: matches)
            return found != nil
        }
        return found!
    }

    /// A receipt that is safe to repeat: the Idempotency-Key makes a retried POST record it once.
    func pay(_ customerId: String, _ amount: String, reference: String) async throws {
        try await eventually("receipt \(reference)", timeout: .seconds(60), every: .milliseconds(300)) {
            let answer = try await step { world in
                try await world.send(
                    "POST", world.finance, "/v1/receipts", as: .finance,
                    #"{"customerId":"\#(customerId)","amount":"\#(amount)","method":"bank","reference":"\#(reference)"}"#,
                    headers: ["Idempotency-Key": reference])
            }
            guard (200..<300).contains(answer.status) else {
                throw TestFailure("receipt \(reference) → \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
            }
            let receipt = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
            await acknowledgedReceipts.add(try #require(receipt?["id"] as? String))
            return true
        }
    }

    /// DOMAIN.md "The order-to-cash flow" for one grade-A order of 5 pieces (deposit 1800.00, balance
    /// 4200.00, freight 25.00) of a customer of its own, through `OrderToCashWorld`'s helpers; returns the order id.
    func completeOrder(_ customerId: String) async throws -> String {
        let orderId = try await step { try await $0.placeOrder(customerId, quantity: 5) }
        let deposit = try await waitFor(\.finance, "/v1/invoices?orderId=\(orderId)", as: .finance) { $0["kind"] as? String == "deposit" }
        try await pay(customerId, try #require(deposit["amount"] as? String), reference: "DEP-\(orderId)")
        _ = try await waitFor(\.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) { _ in true }
        _ = try await step { try await $0.ship(orderId, quantity: 5) }
        try await step { try await $0.deliver(orderId) }
        var owed = Money.zero
        for kind in ["balance", "freight"] {
            let invoice = try await waitFor(\.finance, "/v1/invoices?orderId=\(orderId)", as: .finance) { $0["kind"] as? String == kind }
            owed = try owed + (try #require((invoice["outstanding"] as? String).flatMap { Money($0) }))
        }
        try await pay(customerId, owed.description, reference: "BAL-\(orderId)")
        try await eventually("order \(orderId) completed", timeout: .seconds(120), every: .milliseconds(300)) {
            try await step { try await $0.order(orderId)["status"] as? String } == "completed"
        }
        return orderId
    }

    /// SIGTERMs `instance` once no step uses it, and starts a replacement on a new port; returns the
    /// old one's exit status (nil if it had to be killed) and the messages it had consumed by then.
    func restart(_ set: InstanceSet, _ instance: ServiceProcess) async throws -> (status: Int32?, consumed: Int) {
        try await set.drain(instance)
        let consumed = try await Self.consumed(by: instance)
        let status = await instance.terminate(timeout: .seconds(30))
        let replacement = try await harness.start(set.executable, schema: set.schema)
        await set.replace(instance, with: replacement)
        return (status, consumed)
    }

    /// The messages an instance consumed, whatever the outcome: the sum of its `o2c_messages_consumed_total`.
    static func consumed(by instance: ServiceProcess) async throws -> Int {
        let (body, status) = try await HTTPClient.request("GET", "http://127.0.0.1:\(instance.port)/metrics")
        guard status == 200 else { throw TestFailure("/metrics of \(instance.name):\(instance.port) → \(status)") }
        return String(decoding: body, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("o2c_messages_consumed_total{") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0) { $0 + Int($1) }
    }

    /// Messages waiting in a queue of this world's vhost, by RabbitMQ's management API.
    func messages(inQueue queue: String) async throws -> Int {
        let path = "/api/queues/\(harness.vhost)/\(queue.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? queue)"
        let json = try JSONSerialization.jsonObject(with: try await harness.infrastructure.management("GET", path)) as? [String: Any]
        return json?["messages"] as? Int ?? 0
    }
}

/// Receipt ids, collected by concurrent steps.
actor Receipts {
    private(set) var ids: [String] = []
    func add(_ id: String) { ids.append(id) }
}
