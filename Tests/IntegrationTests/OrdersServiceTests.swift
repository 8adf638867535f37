import Foundation
import O2CContracts
import Testing

/// The orders service as a real process on a real broker and database: prices and approvals,
/// quotes, contracts, phone orders, the customer archive, and cancellations over HTTP, with the
/// saga's first messages on the broker.
@Suite("Orders service (DOMAIN.md Prices and approvals; Quotes, bids and contracts; Order amendments; Confidentiality)", .serialized)
struct OrdersServiceTests {
    @Test(
        "Prices and approvals; Quotes, bids and contracts: a discounted end-user quote needs sales_manager, then is sent, accepted, contracted and signed, and the saga starts"
    )
    func quoteToSignedOrder() async throws {
        try await OrdersWorld.with { world in
            try await world.product()
            let (badTiers, badStatus) = try await world.call(
                "POST", "/v1/products", as: .salesManager,
                json: """
                    {"sku": "P-2", "name": "Valve", "spec": "DN25", "unit": "piece",
                     "marketPrice": "50.00", "dealerFloorPrice": "60.00", "factoryFloorPrice": "40.00"}
                    """)
            #expect(badStatus == 422 && badTiers["code"] as? String == "validation_failed")
            let (_, forbidden) = try await world.call("POST", "/v1/products", as: .salesperson, json: "{}")
            #expect(forbidden == 403)
            let product = try await world.ok("GET", "/v1/products/P-1", as: .salesperson)
            #expect(product["dealerFloorPrice"] as? String == "80.00")

            let customer = try await world.customer()
            let (quote, status) = try await world.quote(customer, quantity: 10, price: "90.00")
            #expect(status == 201)
            #expect(quote["status"] as? String == "pending_approval" && quote["total"] as? String == "900.00")
            #expect(quote["requiredApprovals"] as? [String] == ["sales_manager"])
            let id = quote["id"] as! String

            let (early, earlyStatus) = try await world.call("POST", "/v1/quotes/\(id)/send", as: .salesperson)
            #expect(earlyStatus == 409 && early["code"] as? String == "invalid_state")
            let (refused, refusedStatus) = try await world.call(
                "POST", "/v1/quotes/\(id)/approvals", as: .salesperson, json: #"{"decision": "approve", "comment": "mine"}"#)
            #expect(refusedStatus == 403 && refused["code"] as? String == "forbidden_role")
            let approved = try await world.ok(
                "POST", "/v1/quotes/\(id)/approvals", as: .salesManager, json: #"{"decision": "approve", "comment": "volume customer"}"#)
            #expect(approved["status"] as? String == "approved" && approved["requiredApprovals"] as? [String] == [])
            #expect(try await world.ok("POST", "/v1/quotes/\(id)/send", as: .salesperson)["status"] as? String == "sent")
            #expect(try await world.ok("POST", "/v1/quotes/\(id)/accept", as: .salesperson)["status"] as? String == "accepted")

            let contract = try await world.contract(id)
            #expect(contract["status"] as? String == "approved" && contract["requiredApprovals"] as? [String] == [])
            let (_, warehouseSign) = try await world.call("POST", "/v1/contracts/\(contract["id"] as! String)/sign", as: .warehouseKeeper)
            #expect(warehouseSign == 403)
            let signed = try await world.ok("POST", "/v1/contracts/\(contract["id"] as! String)/sign", as: .salesperson, expect: 201)
            let order = signed["orderId"] as! String

            let started = try await world.capture.next(ContractSigned.self) { $0.orderId == order }
            #expect(started.total == Money("900.00") && started.customerId == customer && started.requestedDeliveryDate == "2099-01-15")
            let reservation = try await world.capture.next(CreditReservationRequested.self) { $0.orderId == order }
            #expect(reservation.amount == Money("900.00"))

            let view = try await world.ok("GET", "/v1/orders/\(order)", as: .salesperson)
            #expect(view["status"] as? String == "in_progress" && view["customerId"] as? String == customer)
            #expect(view["total"] as? String == "900.00")
            let saga = view["saga"] as? [String: Any] ?? [:]
            #expect(saga["state"] as? String == "awaiting_credit")
            let steps = saga["steps"] as? [[String: Any]] ?? []
            #expect(steps.first?["name"] as? String == "contract_signed" && steps.first?["status"] as? String == "done")
            #expect(steps.count > 5)
            let (_, again) = try await world.call("POST", "/v1/contracts/\(contract["id"] as! String)/sign", as: .salesperson)
            #expect(again == 409)
        }
    }

    @Test(
        "Prices and approvals: below the factory floor is refused and nothing stored; a major deal needs general_manager; a dealer's discount needs sales_manager"
    )
    func priceRules() async throws {
        try await OrdersWorld.with { world in
            try await world.product()
            let endUser = try await world.customer()
            let (floor, floorStatus) = try await world.quote(endUser, quantity: 10, price: "59.99")
            #expect(floorStatus == 422 && floor["code"] as? String == "price_below_factory_floor")
            #expect(try await world.count("quotes") == 0)

            let (major, _) = try await world.quote(endUser, quantity: 5000, price: "100.00")
            #expect(major["total"] as? String == "500000.00" && major["requiredApprovals"] as? [String] == ["general_manager"])
            let (deep, _) = try await world.quote(endUser, quantity: 10, price: "70.00")
            #expect(deep["requiredApprovals"] as? [String] == ["general_manager"])

            let dealer = try await world.customer("dealer")
            let (dealerQuote, _) = try await world.quote(dealer, quantity: 10, price: "70.00")
            #expect(dealerQuote["requiredApprovals"] as? [String] == ["sales_manager"])
            let (rejected, _) = try await world.call(
                "POST", "/v1/quotes/\(dealerQuote["id"] as! String)/approvals", as: .salesManager,
                json: #"{"decision": "reject", "comment": "too low"}"#)
            #expect(rejected["status"] as? String == "rejected")
            #expect(try await world.count("approval_decisions") == 1)
        }
    }

    @Test(
        "Quotes, bids and contracts: a contract whose quantity deviates goes back to sales_manager; a quote past validUntil by the service clock cannot be accepted"
    )
    func deviationAndExpiry() async throws {
        try await OrdersWorld.with(["O2C_TEST_CLOCK": "1"]) { world in
            try await world.product()
            let customer = try await world.customer()
            let quote = try await world.acceptedQuote(customer)
            let contract = try await world.contract(quote, lines: #"[{"sku": "P-1", "quantity": 12, "unitPrice": "100.00"}]"#)
            #expect(contract["status"] as? String == "pending_approval")
            #expect(contract["requiredApprovals"] as? [String] == ["sales_manager"] && contract["total"] as? String == "1200.00")
            let id = contract["id"] as! String
            let (unsigned, unsignedStatus) = try await world.call("POST", "/v1/contracts/\(id)/sign", as: .salesAdmin)
            #expect(unsignedStatus == 409 && unsigned["code"] as? String == "invalid_state")
            let approved = try await world.ok("POST", "/v1/contracts/\(id)/approvals", as: .salesManager, json: #"{"decision": "approve"}"#)
            #expect(approved["status"] as? String == "approved")
            let (_, second) = try await world.call(
                "POST", "/v1/contracts", as: .salesperson,
                json: """
                    {"quoteId": "\(quote)", "deliveryAddress": "88 Jinqiao Road, Shanghai"}
                    """)
            #expect(second == 409)

            // The service clock, not the wall clock, decides validity: a quote valid for three days from a
            // fixed instant, then the clock moved two days past its end.
            try await world.ok("PUT", "/v1/admin/test-clock", as: .salesperson, json: #"{"now": "2030-03-01T09:00:00Z"}"#)
            let (short, _) = try await world.quote(customer, quantity: 1, price: "100.00", validUntil: "2030-03-04")
            let shortId = short["id"] as! String
            try await world.ok("POST", "/v1/quotes/\(shortId)/send", as: .salesperson)
            try await world.ok("PUT", "/v1/admin/test-clock", as: .salesperson, json: #"{"now": "2030-03-06T09:00:00Z"}"#)
            let (expired, expiredStatus) = try await world.call("POST", "/v1/quotes/\(shortId)/accept", as: .salesperson)
            #expect(expiredStatus == 409 && expired["code"] as? String == "invalid_state")
            #expect(try await world.ok("GET", "/v1/quotes/\(shortId)", as: .salesperson)["status"] as? String == "expired")
        }
    }

    @Test("Quotes, bids and contracts: a phone order waits for sales_manager confirmation before anything moves")
    func phoneOrder() async throws {
        try await OrdersWorld.with { world in
            try await world.product()
            let customer = try await world.customer()
            let taken = try await world.ok(
                "POST", "/v1/orders", as: .customerService,
                json: """
                    {"customerId": "\(customer)", "source": "phone", "lines": [{"sku": "P-1", "quantity": 3, "unitPrice": "100.00"}]}
                    """, expect: 201)
            #expect(taken["status"] as? String == "awaiting_confirmation" && taken["requiredApprovals"] as? [String] == ["sales_manager"])
            let order = taken["id"] as! String
            let waiting = try await world.ok("GET", "/v1/orders/\(order)", as: .salesperson)
            #expect(waiting["status"] as? String == "awaiting_confirmation" && waiting["saga"] == nil)

            let (_, bySalesperson) = try await world.call("POST", "/v1/orders/\(order)/confirm", as: .salesperson)
            #expect(bySalesperson == 403)
            let confirmed = try await world.ok("POST", "/v1/orders/\(order)/confirm", as: .salesManager)
            #expect(confirmed["status"] as? String == "in_progress")
            let signed = try await world.capture.next(ContractSigned.self) { $0.orderId == order }
            #expect(signed.total == Money("300.00") && signed.deliveryAddress == "88 Jinqiao Road, Shanghai")
            _ = try await world.capture.next(CreditReservationRequested.self) { $0.orderId == order }
            #expect(try await world.saga(order)["state"] as? String == "awaiting_credit")
        }
    }

    @Test("Confidentiality: the warehouse sees no phone or address; finance reads the full archive and the read is logged")
    func customerArchive() async throws {
        try await OrdersWorld.with { world in
            let customer = try await world.customer()
            let (_, bad) = try await world.call("POST", "/v1/customers", as: .warehouseKeeper, json: "{}")
            #expect(bad == 403)
            let partial = try await world.ok("GET", "/v1/customers/\(customer)", as: .warehouseKeeper)
            #expect(partial["name"] as? String == "Hengda Trading" && partial["channel"] as? String == "end_user")
            #expect(partial["contact"] == nil && partial["deliveryAddress"] == nil)
            #expect(try await world.count("archive_reads") == 0)

            let full = try await world.ok("GET", "/v1/customers/\(customer)", as: .finance)
            #expect((full["contact"] as? [String: Any])?["phone"] as? String == "+86 21 5555 0101")
            #expect(full["deliveryAddress"] as? String == "88 Jinqiao Road, Shanghai")
            let reads = try await world.harness.admin.query(
                "select read_by, read_role from \(identifier: world.harness.schema).archive_reads where customer_id = \(customer)"
            ).rows
            #expect(reads.count == 1 && reads.first?["read_by"] == "finance.user" && reads.first?["read_role"] == "finance")
        }
    }

    @Test(
        "Order amendments: a cancellation needs sales_manager and general_manager; then the saga is cancelling and credit release is requested"
    )
    func cancellation() async throws {
        try await OrdersWorld.with { world in
            let (order, _) = try await world.signedOrder()
            _ = try await world.capture.next(CreditReservationRequested.self) { $0.orderId == order }
            let request = try await world.ok(
                "POST", "/v1/orders/\(order)/cancel", as: .salesperson, json: #"{"reason": "customer withdrew in writing"}"#, expect: 201)
            #expect(request["status"] as? String == "pending_approval")
            #expect(request["requiredApprovals"] as? [String] == ["sales_manager", "general_manager"])
            let id = request["requestId"] as! String
            let (_, bySalesperson) = try await world.call(
                "POST", "/v1/order-requests/\(id)/approvals", as: .salesperson, json: #"{"decision": "approve"}"#)
            #expect(bySalesperson == 403)
            let half = try await world.ok(
                "POST", "/v1/order-requests/\(id)/approvals", as: .salesManager, json: #"{"decision": "approve"}"#)
            #expect(half["requiredApprovals"] as? [String] == ["general_manager"])
            #expect(try await world.saga(order)["state"] as? String == "awaiting_credit")
            try await world.financeComputesPenalty(id)
            let done = try await world.ok(
                "POST", "/v1/order-requests/\(id)/approvals", as: .generalManager,
                json: #"{"decision": "approve", "comment": "no penalty"}"#)
            #expect(done["status"] as? String == "applying", "the warehouse holds the dispatch note first")
            #expect(done["waitingFor"] as? String == "warehouse")
            #expect(try await world.saga(order)["state"] as? String == "change_pending")
            try await world.warehouseHolds(order, request: id)
            try await world.request(id, becomes: "applied")

            _ = try await world.capture.next(CreditReleaseRequested.self) { $0.orderId == order }
            #expect(try await world.saga(order)["state"] as? String == "cancelling")
            let (_, twice) = try await world.call("POST", "/v1/orders/\(order)/cancel", as: .salesperson, json: #"{"reason": "again"}"#)
            #expect(twice == 409)
        }
    }

    @Test("Order amendments: a buyer name change takes effect after sales_manager approves; after dispatch only returns apply")
    func amendments() async throws {
        try await OrdersWorld.with { world in
            let (order, customer) = try await world.signedOrder()
            let request = try await world.ok(
                "POST", "/v1/orders/\(order)/amendments", as: .salesperson, json: #"{"kind": "buyer_name", "buyerName": "Hengda Group"}"#,
                expect: 201)
            #expect(request["requiredApprovals"] as? [String] == ["sales_manager"])
            let requestId = try #require(request["requestId"] as? String)
            try await world.ok("POST", "/v1/order-requests/\(requestId)/approvals", as: .salesManager, json: #"{"decision": "approve"}"#)
            #expect(
                try await world.ok("GET", "/v1/orders/\(order)", as: .salesperson)["buyerName"] as? String != "Hengda Group",
                "nothing changes before the warehouse holds the note")
            try await world.warehouseHolds(order, request: requestId)
            try await world.request(requestId, becomes: "applied")
            #expect(try await world.ok("GET", "/v1/orders/\(order)", as: .salesperson)["buyerName"] as? String == "Hengda Group")
            let release = try await world.capture.next(DispatchHoldReleaseRequested.self) { $0.requestId == requestId }
            #expect(release.outcome == "applied", "a buyer name leaves the goods alone: orders lifts the hold")

            try await world.harness.publish(
                ShipmentDispatched(
                    dispatchNoteId: "dn-1", orderId: order, customerId: customer, dispatchedAt: Date(), carrier: "SF", totalFreight: .zero),
                correlationID: order)
            for _ in 0..<50 {
                let steps = try await world.saga(order)["steps"] as? [[String: Any]] ?? []
                if steps.contains(where: { $0["name"] as? String == "dispatched" && $0["status"] as? String == "done" }) { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            let (late, lateStatus) = try await world.call(
                "POST", "/v1/orders/\(order)/amendments", as: .salesperson, json: #"{"kind": "payment_method", "paymentMethod": "cod"}"#)
            #expect(lateStatus == 409 && late["code"] as? String == "invalid_state")
        }
    }
}
