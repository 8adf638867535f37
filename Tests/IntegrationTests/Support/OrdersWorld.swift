import Foundation
import O2CContracts
import Testing

/// A running orders service with a capture of everything it publishes, and short ways to call it
/// as a given role (OrdersServiceTests).
struct OrdersWorld {
    let harness: ServiceHarness
    let process: ServiceProcess
    let capture: EventCapture

    /// Runs `body` against a fresh orders service; always tears the world down.
    static func with(_ extra: [String: String] = [:], _ body: (OrdersWorld) async throws -> Void) async throws {
        try await ServiceHarness.run("orders") { harness in
            let process = try await harness.start(extra)
            let capture = try await harness.capture(["orders.#"])
            try await body(OrdersWorld(harness: harness, process: process, capture: capture))
        }
    }

    /// Calls the service as `role` (subject `<role>.user` unless given); answers the JSON object and status.
    @discardableResult
    func call(
        _ method: String, _ path: String, as role: Role, subject: String? = nil, json: String? = nil
    ) async throws -> (json: [String: Any], status: Int) {
        let token = try await harness.token(role, subject: subject ?? "\(role.rawValue).user")
        let (body, status) = try await harness.http(method, process, path, token: token, json: json)
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        return (object, status)
    }

    /// Like `call`, but fails the test unless the status is `expect`.
    @discardableResult
    func ok(
        _ method: String, _ path: String, as role: Role, json: String? = nil, expect: Int = 200,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String: Any] {
        let (object, status) = try await call(method, path, as: role, json: json)
        guard status == expect else {
            throw TestFailure("\(method) \(path) as \(role.rawValue) answered \(status), expected \(expect): \(object)")
        }
        return object
    }

    func count(_ table: String) async throws -> Int {
        try await harness.admin.query("select count(*) as n from \(identifier: harness.schema).\(identifier: table)").rows[0].int("n")
    }

    /// Product P-1: market 100.00, dealer floor 80.00, factory floor 60.00.
    func product(_ sku: String = "P-1") async throws {
        try await ok(
            "POST", "/v1/products", as: .salesManager,
            json: """
                {"sku": "\(sku)", "name": "Pump", "spec": "DN50", "unit": "piece",
                 "marketPrice": "100.00", "dealerFloorPrice": "80.00", "factoryFloorPrice": "60.00"}
                """, expect: 201)
    }

    func customer(_ channel: String = "end_user") async throws -> String {
        let made = try await ok(
            "POST", "/v1/customers", as: .salesperson,
            json: """
                {"name": "Hengda Trading", "channel": "\(channel)", "contact": {"person": "Li Wei", "phone": "+86 21 5555 0101"},
                 "deliveryAddress": "88 Jinqiao Road, Shanghai"}
                """, expect: 201)
        return made["id"] as! String
    }

    func quote(
        _ customer: String, quantity: Int, price: String, validUntil: String = "2099-12-31"
    ) async throws -> (json: [String: Any], status: Int) {
        try await call(
            "POST", "/v1/quotes", as: .salesperson,
            json: """
                {"customerId": "\(customer)", "lines": [{"sku": "P-1", "quantity": \(quantity), "unitPrice": "\(price)"}],
                 "validUntil": "\(validUntil)"}
                """)
    }

    /// A quote at market price (no approval), sent and accepted; answers its id.
    func acceptedQuote(_ customer: String, quantity: Int = 10) async throws -> String {
        let (quote, status) = try await quote(customer, quantity: quantity, price: "100.00")
        #expect(status == 201 && quote["status"] as? String == "approved")
        let id = quote["id"] as! String
        try await ok("POST", "/v1/quotes/\(id)/send", as: .salesperson)
        try await ok("POST", "/v1/quotes/\(id)/accept", as: .salesperson)
        return id
    }

    func contract(_ quote: String, lines: String? = nil) async throws -> [String: Any] {
        let extra = lines.map { #", "lines": \#($0)"# } ?? ""
        return try await ok(
            "POST", "/v1/contracts", as: .salesperson,
            json: """
                {"quoteId": "\(quote)", "deliveryAddress": "88 Jinqiao Road, Shanghai", "requestedDeliveryDate": "2099-01-15"\(extra)}
                """, expect: 201)
    }

    /// A signed contract's order: customer, accepted quote, contract, signature.
    func signedOrder() async throws -> (order: String, customer: String) {
        try await product()
        let customer = try await customer()
        let contract = try await contract(try await acceptedQuote(customer))
        let signed = try await ok("POST", "/v1/contracts/\(contract["id"] as! String)/sign", as: .salesAdmin, expect: 201)
        return (signed["orderId"] as! String, customer)
    }

    /// Plays warehouse-dispatch's part in a change request (CONTRACT.md "Changes to an order"): takes the hold
    /// request the last approval sent and answers that the note is held (the goods are inside), as the
    /// warehouse's broker user.
    func warehouseHolds(_ order: String, request requestId: String) async throws {
        let asked = try await capture.next(DispatchHoldRequested.self) { $0.requestId == requestId }
        try await harness.publish(
            DispatchHeld(orderId: order, requestId: asked.requestId, dispatchNoteId: nil, noteStatus: nil, heldAt: Date()),
            correlationID: order)
    }

    /// Waits for the change request's status.
    @discardableResult
    func request(_ requestId: String, becomes status: String) async throws -> [String: Any] {
        var found: [String: Any] = [:]
        try await eventually("request \(requestId) \(status)", timeout: .seconds(20), every: .milliseconds(100)) {
            found = try await ok("GET", "/v1/order-requests/\(requestId)", as: .auditor)
            return found["status"] as? String == status
        }
        return found
    }

    /// Plays finance for a cancellation request (no finance process in this world): takes the
    /// `orders.cancellation_requested.v1` orders sent for it and answers `finance.cancellation_penalty_computed.v1`
    /// with `penalty` (nothing paid on the deposit: the contractual penalty is capped to 0.00 unless told), as
    /// finance-collections; waits until the request shows it.
    func financeComputesPenalty(_ requestId: String, penalty: String = "0.00", depositPaid: String = "0.00") async throws {
        let asked = try await capture.next(CancellationRequested.self) { $0.requestId == requestId }
        let contractual = try asked.orderTotal.times(basisPoints: asked.cancellationPenaltyBasisPoints)
        try await harness.publish(
            CancellationPenaltyComputed(
                orderId: asked.orderId, customerId: asked.customerId, requestId: requestId, penalty: Money(penalty)!,
                cancellationPenaltyBasisPoints: asked.cancellationPenaltyBasisPoints, orderTotal: asked.orderTotal,
                contractualPenalty: contractual, depositPaid: Money(depositPaid)!, computedAt: Date()),
            correlationID: asked.orderId)
        try await eventually("penalty of \(requestId) recorded", timeout: .seconds(20), every: .milliseconds(100)) {
            let view = try await ok("GET", "/v1/order-requests/\(requestId)", as: .auditor)
            return (view["penalty"] as? [String: Any])?["status"] as? String == "computed"
        }
    }

    func saga(_ order: String) async throws -> [String: Any] {
        try await ok("GET", "/v1/orders/\(order)", as: .salesperson)["saga"] as? [String: Any] ?? [:]
    }
}
