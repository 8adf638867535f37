import Foundation
import O2CContracts
import O2CMessaging
import Testing

/// CONTRACT.md "Changes to an order" and DOMAIN.md "Order amendments" ("after dispatch, only returns apply"):
/// the goods leaving through the gate is the point of no return. A change request, once approved, first has
/// warehouse-dispatch hold the dispatch note; the change applies only when the warehouse confirms the goods
/// are inside. The races are made to happen: the warehouse's outbox is held at the broker (its user may not
/// publish on `o2c.events` and its connections are closed — a broker hiccup), so its events are late; and a
/// service is killed with SIGKILL in the middle. Five processes, real servers.
@Suite("The gate as the point of no return (DOMAIN.md: Order amendments; CONTRACT.md: Changes to an order)", .serialized)
struct ChangePivotEndToEndTests {
    @Test(
        "a cancellation racing the gate: rejected already_dispatched, no refund, no release, the order completes (warehouse killed meanwhile)"
    )
    func cancellationRacingTheGate() async throws {
        try await OrderToCashWorld.run { world in
            let (customerId, orderId) = try await world.goodsGoneUnheard()

            let requestId = try await world.requestCancellation(orderId)
            let applying = try await world.approve(requestId, as: [.salesManager, .generalManager])
            #expect(applying["status"] as? String == "applying")
            #expect(applying["waitingFor"] as? String == "warehouse")
            // Killed with the dispatch and the refusal unsent in its outbox; the next process relays them.
            world.warehouse.kill()
            try await world.releaseOutbox(of: "warehouse-dispatch")
            world.warehouse = try await world.harness.start("warehouse-dispatch", schema: "\(world.harness.id)_warehouse")

            let rejected = try await world.waitForRequest(requestId, "rejected")
            let rejection = try #require(rejected["rejection"] as? [String: Any])
            #expect(rejection["code"] as? String == "already_dispatched")
            #expect(try await world.list(world.finance, "/v1/refunds?orderId=\(orderId)", as: .finance).isEmpty, "no refund")
            // The freight invoice reaches credit in two hops (warehouse → finance → credit), the rejection orders in one.
            try await eventually(
                "credit not released: the reservation and the freight invoice", timeout: .seconds(30), every: .milliseconds(200)
            ) {
                try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)["exposure"] as? String
                    == "12050.00"
            }
            try await world.waitForSagaState(orderId, "awaiting_delivery")

            try await world.deliver(orderId)
            _ = try await world.invoice(orderId, kind: "balance")
            try await world.payOutstanding(customerId, reference: "BAL-\(orderId)")
            try await world.waitForStatus(orderId, "completed")
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("an amendment racing the gate: rejected already_dispatched, the invoices bill what shipped (orders killed meanwhile)")
    func amendmentRacingTheGate() async throws {
        try await OrderToCashWorld.run { world in
            let (customerId, orderId) = try await world.goodsGoneUnheard()

            let request = try await world.call(
                "POST", world.orders, "/v1/orders/\(orderId)/amendments", as: .salesperson,
                #"{"kind":"line_item","lines":[{"sku":"FL-100","quantity":4,"unitPrice":"1200.00"}],"reason":"customer letter"}"#)
            let requestId = try #require(request["requestId"] as? String)
            #expect(try await world.approve(requestId, as: [.salesManager])["status"] as? String == "applying")
            world.orders.kill()
            world.orders = try await world.harness.start()
            try await world.releaseOutbox(of: "warehouse-dispatch")

            let rejected = try await world.waitForRequest(requestId, "rejected")
            #expect((rejected["rejection"] as? [String: Any])?["code"] as? String == "already_dispatched")
            let balance = try await world.invoice(orderId, kind: "balance")
            #expect(balance["amount"] as? String == "8400.00", "10 pieces shipped: 12000.00 − the 3600.00 deposit")
            #expect(try await world.order(orderId)["total"] as? String == "12000.00", "nothing re-priced")
            // The freight invoice reaches credit in two hops (warehouse → finance → credit), the rejection orders in one.
            try await eventually("the reservation as signed, and the freight invoice", timeout: .seconds(30), every: .milliseconds(200)) {
                try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)["exposure"] as? String
                    == "12050.00"
            }
            try await world.deliver(orderId)
            try await world.payOutstanding(customerId, reference: "BAL-\(orderId)")
            try await world.waitForStatus(orderId, "completed")
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("an amendment after the hand-over, goods inside: the note is held (409), re-issued, handed over again; what leaves is billed")
    func amendmentAfterHandover() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "A")
            let orderId = try await world.placeOrder(customerId)
            try await world.payDeposit(customerId, orderId)
            let oldPass = try await world.handOver(orderId)
            let noteId = try await world.dispatchNote(orderId)
            try await world.holdOutbox(of: "warehouse-dispatch")

            let request = try await world.call(
                "POST", world.orders, "/v1/orders/\(orderId)/amendments", as: .salesperson,
                #"{"kind":"line_item","lines":[{"sku":"FL-100","quantity":12,"unitPrice":"1200.00"}],"reason":"customer letter"}"#)
            let requestId = try #require(request["requestId"] as? String)
            _ = try await world.approve(requestId, as: [.salesManager])
            let held = try await world.waitFor(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) {
                $0["heldFor"] as? String == requestId
            }
            #expect(held["status"] as? String == "handed_over")
            let gate = try await world.send("POST", world.warehouse, "/v1/gate-passes/\(oldPass)/release", as: .gatekeeper)
            #expect(gate.status == 409)
            #expect(try world.problemCode(gate.body) == "change_pending")
            let pass = try await world.send("POST", world.warehouse, "/v1/dispatch-notes/\(noteId)/gate-pass", as: .salesAdmin)
            #expect(try world.problemCode(pass.body) == "change_pending")
            world.orders.kill()
            world.orders = try await world.harness.start()
            try await world.releaseOutbox(of: "warehouse-dispatch")

            #expect(try await world.waitForRequest(requestId, "applied")["rejection"] == nil)
            let reissued = try await world.waitFor(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) {
                $0["heldFor"] == nil && (($0["lines"] as? [[String: Any]])?.first?["quantity"] as? Int) == 12
            }
            #expect(reissued["status"] as? String == "issued", "the hand-over undone: to be picked and handed over again")
            #expect(reissued["carrier"] == nil, "the old waybill is superseded")
            let stale = try await world.send("POST", world.warehouse, "/v1/gate-passes/\(oldPass)/release", as: .gatekeeper)
            #expect(stale.status == 409, "the old gate pass is void")

            try await world.ship(orderId, quantity: 12)
            let balance = try await world.invoice(orderId, kind: "balance")
            #expect(balance["amount"] as? String == "10800.00", "12 × 1200.00 shipped and billed, less the 3600.00 deposit paid")
            let stock = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            #expect(stock["onHand"] as? Int == 88)
            try await world.deliver(orderId)
            try await world.payOutstanding(customerId, reference: "BAL-\(orderId)")
            try await world.waitForStatus(orderId, "completed")
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test(
        "a cancellation before the goods leave: the note is held (409), then cancelled, deposit refunded less the computed penalty, credit and stock released"
    )
    func cancellationBeforeGoodsLeave() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "A")
            let orderId = try await world.placeOrder(customerId, cancellationPenaltyPercent: "5")  // 600.00 of 12000.00
            try await world.payDeposit(customerId, orderId)
            let noteId = try await world.dispatchNote(orderId)
            try await world.holdOutbox(of: "warehouse-dispatch")

            let requestId = try await world.requestCancellation(orderId)
            _ = try await world.approve(requestId, as: [.salesManager, .generalManager])
            _ = try await world.waitFor(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) {
                $0["heldFor"] as? String == requestId
            }
            let pick = try await world.send(
                "POST", world.warehouse, "/v1/dispatch-notes/\(noteId)/pick", as: .warehouseKeeper,
                #"{"lines":[{"sku":"FL-100","quantity":10}],"pickedBy":["Wang"]}"#)
            #expect(pick.status == 409)
            #expect(try world.problemCode(pick.body) == "change_pending")
            #expect(try await world.sagaState(orderId) == "change_pending")
            // Killed with the hold's confirmation unsent in its outbox; the next process relays it.
            world.warehouse.kill()
            try await world.releaseOutbox(of: "warehouse-dispatch")
            world.warehouse = try await world.harness.start("warehouse-dispatch", schema: "\(world.harness.id)_warehouse")

            _ = try await world.waitForRequest(requestId, "applied")
            try await world.waitForStatus(orderId, "cancelled")
            let note = try await world.waitFor(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) { _ in true }
            #expect(note["status"] as? String == "cancelled")
            #expect(note["heldFor"] == nil)
            let stock = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            #expect(stock["reserved"] as? Int == 0)
            #expect(stock["onHand"] as? Int == 100)
            let credit = try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)
            #expect(credit["exposure"] as? String == "0.00")
            let refunds = try await world.list(world.finance, "/v1/refunds?orderId=\(orderId)", as: .finance)
            #expect(refunds.map { $0["amount"] as? String } == ["3000.00"], "the 3600.00 deposit less finance's 5 % penalty")
            #expect(refunds.first?["penalty"] as? String == "600.00")
            try await world.expectLedgerBalances(customerId)
        }
    }
}

extension OrderToCashWorld {
    /// 10 × 1200.00 with its 3600.00 deposit paid, handed over and let out through the gate while the warehouse's
    /// outbox is held: the goods left, and no one has heard yet.
    func goodsGoneUnheard() async throws -> (customerId: String, orderId: String) {
        let customerId = try await customer(grade: "A")
        let orderId = try await placeOrder(customerId)
        try await payDeposit(customerId, orderId)
        let passId = try await handOver(orderId)
        try await holdOutbox(of: "warehouse-dispatch")
        _ = try await call("POST", warehouse, "/v1/gate-passes/\(passId)/release", as: .gatekeeper)
        return (customerId, orderId)
    }

    /// Pick and hand over (freight 5.00 a piece) and issue the gate pass; returns the pass id. The goods are
    /// still inside.
    func handOver(_ orderId: String, quantity: Int = 10) async throws -> String {
        let noteId = try await dispatchNote(orderId)
        _ = try await call(
            "POST", warehouse, "/v1/dispatch-notes/\(noteId)/pick", as: .warehouseKeeper,
            #"{"lines":[{"sku":"FL-100","quantity":\#(quantity)}],"pickedBy":["Wang","Zhao"]}"#)
        _ = try await call(
            "POST", warehouse, "/v1/dispatch-notes/\(noteId)/handover", as: .warehouseKeeper,
            #"{"carrier":"Swift Freight","waybill":{"quantity":\#(quantity),"unitFreight":"5.00","pricingUnit":"piece","consignee":"Li","address":"1 Foundry Rd","phone":"138","totalFreight":"\#(Money(minorUnits: 500 * Int64(quantity)))","destination":"Wuxi"},"signedBy":"Driver Chen"}"#
        )
        let pass = try await call("POST", warehouse, "/v1/dispatch-notes/\(noteId)/gate-pass", as: .salesAdmin)
        return try #require(pass["gatePassId"] as? String)
    }

    func requestCancellation(_ orderId: String) async throws -> String {
        let request = try await call("POST", orders, "/v1/orders/\(orderId)/cancel", as: .salesperson, #"{"reason":"customer letter"}"#)
        let requestId = try #require(request["requestId"] as? String)
        // The last approval waits for finance's penalty (CONTRACT.md "Changes to an order").
        _ = try await computedPenalty(requestId)
        return requestId
    }

    /// Each role approves in turn (one person per role); returns the request after the last approval.
    func approve(_ requestId: String, as roles: [Role]) async throws -> [String: Any] {
        var answer: [String: Any] = [:]
        for role in roles {
            answer = try await call("POST", orders, "/v1/order-requests/\(requestId)/approvals", as: role, #"{"decision":"approve"}"#)
        }
        return answer
    }

    func waitForRequest(_ requestId: String, _ status: String, timeout: Duration = .seconds(40)) async throws -> [String: Any] {
        var found: [String: Any] = [:]
        try await eventually("request \(requestId) \(status)", timeout: timeout, every: .milliseconds(200)) {
            found = try await call("GET", orders, "/v1/order-requests/\(requestId)", as: .salesManager)
            return found["status"] as? String == status
        }
        return found
    }

    func problemCode(_ body: Data) throws -> String? {
        (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["code"] as? String
    }

    /// A broker hiccup for one service's outbox: its user may no longer publish on `o2c.events` and its
    /// connections are closed, so the relay keeps its rows and retries with backoff. Its consumers reconnect
    /// and go on (reading needs no write permission).
    func holdOutbox(of user: String) async throws {
        try await setTopicWrite(of: user, "^$")
        try await closeConnections(of: user)
    }

    /// The service may publish its own keys again; its relay resumes within its backoff (at most 10 s).
    func releaseOutbox(of user: String) async throws {
        let permissions = try #require(BrokerPermissions.all.first { $0.user == user })
        try await setTopicWrite(of: user, permissions.topicWrite)
    }

    private func setTopicWrite(of user: String, _ write: String) async throws {
        let permissions = try #require(BrokerPermissions.all.first { $0.user == user })
        let body = try JSONSerialization.data(withJSONObject: [
            "exchange": MessageHeaders.eventsExchange, "write": write, "read": permissions.topicRead,
        ])
        try await ServiceHarness.management(
            "PUT", "/api/topic-permissions/\(harness.vhost)/\(user)", json: String(decoding: body, as: UTF8.self))
    }

    /// Closes the user's connections in this world's vhost only (other tests' worlds run beside it).
    private func closeConnections(of user: String) async throws {
        func call(_ method: String, _ path: String) async throws -> Data {
            let (body, status, _) = try await HTTPClient.exchange(
                method, "http://127.0.0.1:15672\(path)", headers: TestInfrastructure.managementHeaders)
            guard (200..<300).contains(status) || (method == "DELETE" && status == 404) else {
                throw TestFailure("management API \(method) \(path) answered \(status)")
            }
            return body
        }
        let listed =
            try JSONSerialization.jsonObject(with: try await call("GET", "/api/vhosts/\(harness.vhost)/connections")) as? [[String: Any]]
        let names = (listed ?? []).filter { $0["user"] as? String == user }.compactMap { $0["name"] as? String }
        for name in names {
            _ = try await call(
                "DELETE",
                "/api/connections/\(name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? name)"
            )
        }
    }
}
