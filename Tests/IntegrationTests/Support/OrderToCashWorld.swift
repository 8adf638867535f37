import Foundation
import O2CContracts
import Testing

/// The four order-to-cash services as separate processes in one harness world, with the calls a user
/// makes along DOMAIN.md "The order-to-cash flow" as helpers.
struct OrderToCashWorld {
    let harness: ServiceHarness
    var orders: ServiceProcess
    let credit: ServiceProcess
    var warehouse: ServiceProcess
    var finance: ServiceProcess
    /// after-sales, when the world was started `withAfterSales` (the return saga's host).
    var afterSales: ServiceProcess? = nil
    /// A careful client through a failover: a 503 or a broken connection is tried again (for up to a
    /// minute, with the same Idempotency-Key, so that a write whose answer was lost is not made twice).
    var patient = false
    var financeSchema: String { "\(harness.id)_finance" }
    var afterSalesSchema: String { "\(harness.id)_aftersales" }

    static func start(
        financeEnvironment: [String: String] = [:], ordersEnvironment: [String: String] = [:], withAfterSales: Bool = false
    ) async throws -> OrderToCashWorld {
        let harness = try await ServiceHarness(executable: "orders")
        do {
            let orders = try await harness.start(ordersEnvironment)
            let credit = try await harness.start("credit", schema: "\(harness.id)_credit")
            let warehouse = try await harness.start("warehouse-dispatch", schema: "\(harness.id)_warehouse")
            let finance = try await harness.start("finance-collections", schema: "\(harness.id)_finance", financeEnvironment)
            var world = OrderToCashWorld(harness: harness, orders: orders, credit: credit, warehouse: warehouse, finance: finance)
            if withAfterSales { world.afterSales = try await harness.start("after-sales", schema: world.afterSalesSchema) }
            return world
        } catch {
            await harness.tearDown()
            throw error
        }
    }

    /// Runs `body` in a fresh world and always tears it down.
    static func run(
        financeEnvironment: [String: String] = [:], ordersEnvironment: [String: String] = [:], withAfterSales: Bool = false,
        _ body: (inout OrderToCashWorld) async throws -> Void
    ) async throws {
        var world = try await start(
            financeEnvironment: financeEnvironment, ordersEnvironment: ordersEnvironment, withAfterSales: withAfterSales)
        do { try await body(&world) } catch { await world.harness.tearDown(); throw error }
        await world.harness.tearDown()
    }

    /// A raw call: body and status, whatever the status.
    func send(
        _ method: String, _ process: ServiceProcess, _ path: String, as role: Role, _ json: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> (body: Data, status: Int) {
        let token = try await harness.token(role, subject: "\(role.rawValue)-1")
        return try await http(method, process, path, token: token, json: json, headers: headers)
    }

    /// One request; when `patient`, again after a 503 or a transport error until another answer comes.
    private func http(
        _ method: String, _ process: ServiceProcess, _ path: String, token: String, json: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> (body: Data, status: Int) {
        guard patient else { return try await harness.http(method, process, path, token: token, json: json, headers: headers) }
        var headers = headers
        if method == "POST" && headers["Idempotency-Key"] == nil { headers["Idempotency-Key"] = UUID().uuidString }
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                let answer = try await harness.http(method, process, path, token: token, json: json, headers: headers)
                if answer.status != 503 || ContinuousClock.now > deadline { return answer }
            } catch {
                if ContinuousClock.now > deadline { throw error }
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    func call(
        _ method: String, _ process: ServiceProcess, _ path: String, as role: Role, _ json: String? = nil
    ) async throws -> [String: Any] {
        let (body, status) = try await send(method, process, path, as: role, json)
        guard (200..<300).contains(status) else {
            throw TestFailure("\(method) \(path) as \(role.rawValue) → \(status): \(String(decoding: body, as: UTF8.self))")
        }
        return (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
    }

    func list(_ process: ServiceProcess, _ path: String, as role: Role) async throws -> [[String: Any]] {
        let token = try await harness.token(role)
        let (body, status) = try await http("GET", process, path, token: token)
        guard status == 200 else { throw TestFailure("GET \(path) → \(status)") }
        return (try JSONSerialization.jsonObject(with: body) as? [[String: Any]]) ?? []
    }

    /// Waits for an item of a list endpoint that matches.
    func waitFor(
        _ process: ServiceProcess, _ path: String, as role: Role, timeout: Duration = .seconds(30),
        _ matches: @escaping ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        var found: [String: Any]?
        try await eventually(path, timeout: timeout, every: .milliseconds(200)) {
            found = try await list(process, path, as: role).first(where: matches)
            return found != nil
        }
        return found!
    }

    // MARK: - Flow helpers

    /// A product (unless `sku` exists already), a customer with a credit profile, and stock of `sku`.
    func customer(
        grade: String, limit: String = "100000.00", ratio: String = "0.30", sku: String = "FL-100",
        onHand: Int = 100, name: String = "Acme Castings"
    ) async throws -> String {
        let (_, productStatus) = try await send(
            "POST", orders, "/v1/products", as: .salesManager,
            #"{"sku":"\#(sku)","name":"Flange","spec":"DN100","unit":"piece","marketPrice":"1200.00","dealerFloorPrice":"1000.00","factoryFloorPrice":"800.00"}"#
        )
        guard (200..<300).contains(productStatus) || productStatus == 409 else { throw TestFailure("product \(sku) → \(productStatus)") }
        let customer = try await call(
            "POST", orders, "/v1/customers", as: .salesperson,
            #"{"name":"\#(name)","channel":"end_user","contact":{"person":"Li","phone":"138"},"deliveryAddress":"1 Foundry Rd"}"#)
        let customerId = try #require(customer["id"] as? String)
        _ = try await call(
            "PUT", credit, "/v1/customers/\(customerId)/credit-profile", as: .finance,
            #"{"grade":"\#(grade)","creditLimit":"\#(limit)","depositRatio":"\#(ratio)"}"#)
        _ = try await call("PUT", warehouse, "/v1/stock/\(sku)", as: .warehouseKeeper, #"{"warehouse":"main","onHand":\#(onHand)}"#)
        return customerId
    }

    /// Quote → send → accept → contract (with its cancellation term, when given) → sign; returns the order id.
    func placeOrder(
        _ customerId: String, sku: String = "FL-100", quantity: Int = 10, unitPrice: String = "1200.00",
        cancellationPenaltyPercent: String? = nil
    ) async throws -> String {
        let quote = try await call(
            "POST", orders, "/v1/quotes", as: .salesperson,
            #"{"customerId":"\#(customerId)","lines":[{"sku":"\#(sku)","quantity":\#(quantity),"unitPrice":"\#(unitPrice)"}],"validUntil":"2030-01-01"}"#
        )
        let quoteId = try #require(quote["id"] as? String)
        _ = try await call("POST", orders, "/v1/quotes/\(quoteId)/send", as: .salesperson)
        _ = try await call("POST", orders, "/v1/quotes/\(quoteId)/accept", as: .salesperson)
        let term = cancellationPenaltyPercent.map { #","cancellationPenaltyPercent":"\#($0)""# } ?? ""
        let contract = try await call(
            "POST", orders, "/v1/contracts", as: .salesperson,
            #"{"quoteId":"\#(quoteId)","deliveryAddress":"1 Foundry Rd","requestedDeliveryDate":"2030-01-01"\#(term)}"#)
        let contractId = try #require(contract["id"] as? String)
        let signed = try await call("POST", orders, "/v1/contracts/\(contractId)/sign", as: .salesAdmin)
        return try #require(signed["orderId"] as? String)
    }

    func invoice(_ orderId: String, kind: String, timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        try await waitFor(finance, "/v1/invoices?orderId=\(orderId)", as: .finance, timeout: timeout) { $0["kind"] as? String == kind }
    }

    @discardableResult
    func receipt(_ customerId: String, _ amount: String, reference: String) async throws -> [String: Any] {
        try await call(
            "POST", finance, "/v1/receipts", as: .finance,
            #"{"customerId":"\#(customerId)","amount":"\#(amount)","method":"bank","reference":"\#(reference)"}"#)
    }

    /// Waits for the deposit invoice and pays it in full; returns its amount.
    @discardableResult
    func payDeposit(_ customerId: String, _ orderId: String) async throws -> String {
        let deposit = try await invoice(orderId, kind: "deposit")
        let amount = try #require(deposit["amount"] as? String)
        try await receipt(customerId, amount, reference: "DEP-\(orderId)")
        return amount
    }

    func dispatchNote(_ orderId: String) async throws -> String {
        let note = try await waitFor(warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) { _ in true }
        return try #require(note["id"] as? String)
    }

    /// Pick, hand over (freight 5.00 a piece), gate pass, release; returns the dispatch note id.
    @discardableResult
    func ship(_ orderId: String, sku: String = "FL-100", quantity: Int = 10) async throws -> String {
        let noteId = try await dispatchNote(orderId)
        _ = try await call(
            "POST", warehouse, "/v1/dispatch-notes/\(noteId)/pick", as: .warehouseKeeper,
            #"{"lines":[{"sku":"\#(sku)","quantity":\#(quantity)}],"pickedBy":["Wang","Zhao"]}"#)
        _ = try await call(
            "POST", warehouse, "/v1/dispatch-notes/\(noteId)/handover", as: .warehouseKeeper,
            #"{"carrier":"Swift Freight","waybill":{"quantity":\#(quantity),"unitFreight":"5.00","pricingUnit":"piece","consignee":"Li","address":"1 Foundry Rd","phone":"138","totalFreight":"\#(Money(minorUnits: 500 * Int64(quantity)))","destination":"Wuxi"},"signedBy":"Driver Chen"}"#
        )
        let pass = try await call("POST", warehouse, "/v1/dispatch-notes/\(noteId)/gate-pass", as: .salesAdmin)
        let passId = try #require(pass["gatePassId"] as? String)
        _ = try await call("POST", warehouse, "/v1/gate-passes/\(passId)/release", as: .gatekeeper)
        return noteId
    }

    func deliver(_ orderId: String, signedAt: String = "2026-11-25T08:00:00Z") async throws {
        let noteId = try await dispatchNote(orderId)
        _ = try await call(
            "POST", warehouse, "/v1/dispatch-notes/\(noteId)/delivery", as: .salesAdmin,
            #"{"signedBy":"Li","signedAt":"\#(signedAt)"}"#)
    }

    /// Pays the sum of the customer's outstanding invoices (none if nothing is outstanding).
    func payOutstanding(_ customerId: String, reference: String) async throws {
        let invoices = try await list(finance, "/v1/invoices?customerId=\(customerId)", as: .finance)
        let total = try invoices.filter { $0["status"] as? String == "open" && $0["kind"] as? String != "credit_note" }
            .compactMap { ($0["outstanding"] as? String).flatMap { Money($0) } }
            .sum()
        guard total > .zero else { return }
        try await receipt(customerId, total.description, reference: reference)
    }

    /// Waits until finance's penalty shows on the cancellation request; returns the request's `penalty`.
    func computedPenalty(_ requestId: String, timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        var penalty: [String: Any] = [:]
        try await eventually("penalty of \(requestId) computed", timeout: timeout, every: .milliseconds(200)) {
            penalty =
                try await call("GET", orders, "/v1/order-requests/\(requestId)", as: .generalManager)["penalty"] as? [String: Any] ?? [:]
            return penalty["status"] as? String == "computed"
        }
        return penalty
    }

    func order(_ orderId: String) async throws -> [String: Any] {
        try await call("GET", orders, "/v1/orders/\(orderId)", as: .salesManager)
    }

    func sagaState(_ orderId: String) async throws -> String? {
        (try await order(orderId)["saga"] as? [String: Any])?["state"] as? String
    }

    func waitForStatus(_ orderId: String, _ status: String, timeout: Duration = .seconds(30)) async throws {
        try await eventually("order \(orderId) \(status)", timeout: timeout, every: .milliseconds(200)) {
            try await order(orderId)["status"] as? String == status
        }
    }

    func waitForSagaState(_ orderId: String, _ state: String, timeout: Duration = .seconds(30)) async throws {
        try await eventually("order \(orderId) saga \(state)", timeout: timeout, every: .milliseconds(200)) {
            try await sagaState(orderId) == state
        }
    }

    /// DOMAIN.md "Invoices, receipts and the customer's account": invoiced = received + credited + outstanding.
    func expectLedgerBalances(_ customerId: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let account = try await call("GET", finance, "/v1/customers/\(customerId)/account", as: .finance)
        let ledger = try #require(account["ledger"] as? [String: Any], sourceLocation: sourceLocation)
        let values = try ["invoiced", "received", "credited", "outstanding"].map { name in
            try #require((ledger[name] as? String).flatMap { Money($0) }, "ledger.\(name)", sourceLocation: sourceLocation)
        }
        #expect(try values[0] == values[1] + values[2] + values[3], "ledger of \(customerId): \(ledger)", sourceLocation: sourceLocation)
        #expect(ledger["balances"] as? Bool == true, "ledger of \(customerId): \(ledger)", sourceLocation: sourceLocation)
    }
}
