import Foundation
import O2CContracts
import Testing

/// CONTRACT.md "Changes to an order, payments, rules as data": a cancellation's penalty is computed by finance from
/// the contract's `cancellationPenaltyPercent` (default 0), not typed by the requester; DOMAIN.md "Order amendments"
/// (finance computes any penalty) and "The order-to-cash flow" compensations (cancellation after the deposit →
/// penalty per contract, remainder refunded). On the four order-to-cash services as processes.
@Suite("Cancellation penalty computed by finance (DOMAIN.md Order amendments; services as processes)", .serialized)
struct CancellationPenaltyTests {
    /// Product FL-10 at 100.00, a grade B customer (deposit 30 %), an order of 10 × 100.00 = 1000.00 on a contract with
    /// `percent` as its cancellation term, its 300.00 deposit paid.
    func paidOrder(
        _ world: OrderToCashWorld, percent: String?, name: String, pay: Bool = true
    ) async throws -> (customer: String, order: String) {
        let customer = try await world.customer(grade: "B", ratio: "0.30", sku: "FL-10", name: name)
        // customer(sku:) made FL-10 at the suite's 1200.00; this order's price list is 100.00.
        let (_, product) = try await world.send(
            "POST", world.orders, "/v1/products", as: .salesManager,
            #"{"sku":"FL-10","name":"Flange","spec":"DN10","unit":"piece","marketPrice":"100.00","dealerFloorPrice":"90.00","factoryFloorPrice":"80.00"}"#
        )
        #expect((200..<300).contains(product))
        let order = try await world.placeOrder(
            customer, sku: "FL-10", quantity: 10, unitPrice: "100.00", cancellationPenaltyPercent: percent)
        let contractId = try #require(try await world.order(order)["contractId"] as? String)
        let contract = try await world.call("GET", world.orders, "/v1/contracts/\(contractId)", as: .salesManager)
        #expect(contract["cancellationPenaltyPercent"] as? String == (percent.map { "\($0).00" } ?? "0.00"))
        if pay { #expect(try await world.payDeposit(customer, order) == "300.00") }
        return (customer, order)
    }

    func cancel(_ world: OrderToCashWorld, _ order: String) async throws -> String {
        let request = try await world.call(
            "POST", world.orders, "/v1/orders/\(order)/cancel", as: .salesperson, #"{"reason":"customer withdrew in writing"}"#)
        return try #require(request["requestId"] as? String)
    }

    func approve(_ world: OrderToCashWorld, _ requestId: String, as role: Role) async throws -> (json: [String: Any], status: Int) {
        let (body, status) = try await world.send(
            "POST", world.orders, "/v1/order-requests/\(requestId)/approvals", as: role, #"{"decision":"approve","comment":"ok"}"#)
        return ((try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:], status)
    }

    func depositRefund(_ world: OrderToCashWorld, _ order: String) async throws -> [String: Any] {
        try await world.waitFor(world.finance, "/v1/refunds?orderId=\(order)", as: .finance) { $0["kind"] as? String == "deposit" }
    }

    @Test(
        "DOMAIN.md Order amendments, The order-to-cash flow compensations: 10 % of a 1000.00 order with its 300.00 deposit paid — the last approval waits for finance (409 penalty_pending, nothing recorded), the approvers then see finance's 100.00, 200.00 is refunded and the ledger balances"
    )
    func penaltyBeforeLastApproval() async throws {
        try await OrderToCashWorld.run { world in
            let (customer, order) = try await paidOrder(world, percent: "10", name: "Penalty Pumps")
            // Finance is down when the cancellation is requested: its penalty cannot be there yet.
            #expect(await world.finance.terminate() != nil)
            let requestId = try await cancel(world, order)
            let first = try await world.call("GET", world.orders, "/v1/order-requests/\(requestId)", as: .salesManager)
            #expect((first["penalty"] as? [String: Any])?["status"] as? String == "pending")
            #expect((first["details"] as? [String: Any])?["penalty"] == nil)
            #expect(try await approve(world, requestId, as: .salesManager).status == 200)

            let early = try await approve(world, requestId, as: .generalManager)
            #expect(early.status == 409)
            #expect(early.json["code"] as? String == "penalty_pending")
            #expect((early.json["detail"] as? String)?.contains("finance has not computed the penalty") == true, "\(early.json)")
            let untouched = try await world.call("GET", world.orders, "/v1/order-requests/\(requestId)", as: .auditor)
            #expect(untouched["status"] as? String == "pending_approval")
            #expect(untouched["requiredApprovals"] as? [String] == ["general_manager"])
            #expect((untouched["approvals"] as? [Any])?.count == 1)
            let decisions = try await world.harness.admin.query(
                "select count(*) as n from \(identifier: world.harness.schema).approval_decisions where subject_id = \(requestId)")
            #expect(try decisions.rows.first?.int("n") == 1, "the refused approval is not recorded")
            #expect(try await world.order(order)["status"] as? String == "in_progress")

            // Finance back: it hears the request, computes, and the approvers see the penalty and its basis.
            world.finance = try await world.harness.start("finance-collections", schema: world.financeSchema)
            let penalty = try await world.computedPenalty(requestId)
            #expect(penalty["amount"] as? String == "100.00")
            #expect(penalty["computedBy"] as? String == "finance-collections")
            #expect(penalty["cancellationPenaltyPercent"] as? String == "10.00")
            #expect(penalty["orderTotal"] as? String == "1000.00")
            #expect(penalty["contractualPenalty"] as? String == "100.00")
            #expect(penalty["depositPaid"] as? String == "300.00")
            let shown = try await world.call("GET", world.orders, "/v1/order-requests/\(requestId)", as: .generalManager)
            #expect((shown["details"] as? [String: Any])?["penalty"] as? String == "100.00")
            #expect(shown["status"] as? String == "pending_approval")

            let done = try await approve(world, requestId, as: .generalManager)
            #expect(done.status == 200 && done.json["status"] as? String == "applying", "the warehouse holds the note first: \(done.json)")
            try await world.waitForStatus(order, "cancelled")
            let refund = try await depositRefund(world, order)
            #expect(refund["amount"] as? String == "200.00", "300.00 paid less finance's 100.00")
            #expect(refund["penalty"] as? String == "100.00")
            try await world.expectLedgerBalances(customer)
        }
    }

    @Test(
        "DOMAIN.md The order-to-cash flow compensations: a deposit paid after finance computed the penalty — the contract's 10 % is still kept, the rest refunded"
    )
    func depositPaidAfterComputation() async throws {
        try await OrderToCashWorld.run { world in
            let (customer, order) = try await paidOrder(world, percent: "10", name: "Late Payer Pumps", pay: false)
            let requestId = try await cancel(world, order)
            let penalty = try await world.computedPenalty(requestId)
            #expect(penalty["contractualPenalty"] as? String == "100.00")
            #expect(penalty["depositPaid"] as? String == "0.00")
            #expect(penalty["amount"] as? String == "0.00", "nothing to keep yet")
            #expect(try await world.payDeposit(customer, order) == "300.00")
            #expect(try await approve(world, requestId, as: .salesManager).status == 200)
            #expect(try await approve(world, requestId, as: .generalManager).status == 200)
            try await world.waitForStatus(order, "cancelled")
            let refund = try await depositRefund(world, order)
            #expect(refund["penalty"] as? String == "100.00", "the contract's penalty, out of the deposit paid since")
            #expect(refund["amount"] as? String == "200.00")
            try await world.expectLedgerBalances(customer)
        }
    }

    @Test(
        "DOMAIN.md The order-to-cash flow compensations: the penalty is capped at the deposit paid (50 % of 1000.00 keeps the 300.00 paid, refunds 0.00), and the default term of 0 refunds the whole deposit",
        arguments: [("50", "500.00", "300.00", "0.00"), (nil, "0.00", "0.00", "300.00")] as [(String?, String, String, String)])
    func cappedAndDefault(percent: String?, contractual: String, kept: String, refunded: String) async throws {
        try await OrderToCashWorld.run { world in
            let (customer, order) = try await paidOrder(world, percent: percent, name: "Capped Pumps")
            let requestId = try await cancel(world, order)
            #expect(try await approve(world, requestId, as: .salesManager).status == 200)
            let penalty = try await world.computedPenalty(requestId)
            #expect(penalty["contractualPenalty"] as? String == contractual)
            #expect(penalty["amount"] as? String == kept)
            #expect(penalty["depositPaid"] as? String == "300.00")
            let done = try await approve(world, requestId, as: .generalManager)
            #expect(done.status == 200, "\(done.json)")
            try await world.waitForStatus(order, "cancelled")
            let refund = try await depositRefund(world, order)
            #expect(refund["amount"] as? String == refunded)
            #expect(refund["penalty"] as? String == kept)
            try await world.expectLedgerBalances(customer)
        }
    }
}

/// The request side in the orders service alone (CONTRACT.md "Changes to an order": the penalty is not typed by
/// the requester; the term is validated where it is given).
@Suite("Cancellation penalty: what the requester may not type, and the contract's term (DOMAIN.md Order amendments)", .serialized)
struct CancellationPenaltyInputTests {
    @Test(
        "DOMAIN.md Order amendments (finance computes any penalty): a cancellation or amendment naming a penalty is refused on that field, nothing requested"
    )
    func penaltyRefused() async throws {
        try await OrdersWorld.with { world in
            let (order, _) = try await world.signedOrder()
            for (path, json) in [
                ("/v1/orders/\(order)/cancel", #"{"reason": "customer withdrew", "penalty": "500.00"}"#),
                ("/v1/orders/\(order)/cancel", #"{"reason": "customer withdrew", "penalty": null}"#),
                ("/v1/orders/\(order)/amendments", #"{"kind": "cancel", "reason": "customer withdrew", "penalty": "0.00"}"#),
            ] {
                let (problem, status) = try await world.call("POST", path, as: .salesperson, json: json)
                #expect(status == 422, "\(json) → \(status) \(problem)")
                #expect(problem["code"] as? String == "validation_failed")
                let errors = problem["errors"] as? [[String: Any]] ?? []
                #expect(errors.compactMap { $0["field"] as? String } == ["penalty"], "\(problem)")
                #expect(errors.first?["message"] as? String == "is not a known field", "\(problem)")
            }
            #expect(try await world.count("order_requests") == 0)
        }
    }

    @Test(
        "CONTRACT.md Changes to an order: cancellationPenaltyPercent is 0 to 100 with at most two decimals (else refused on the field), default 0.00, shown on the contract and sent to finance in basis points"
    )
    func contractTerm() async throws {
        try await OrdersWorld.with { world in
            try await world.product()
            let customer = try await world.customer()
            for bad in [#""100.01""#, #""10.005""#, #""-1""#, "10", #""10%""#] {
                let quote = try await world.acceptedQuote(customer)
                let (problem, status) = try await world.call(
                    "POST", "/v1/contracts", as: .salesperson,
                    json: """
                        {"quoteId": "\(quote)", "deliveryAddress": "88 Jinqiao Road", "cancellationPenaltyPercent": \(bad)}
                        """)
                #expect(status == 422, "\(bad) → \(status)")
                let errors = problem["errors"] as? [[String: Any]] ?? []
                #expect(errors.compactMap { $0["field"] as? String } == ["cancellationPenaltyPercent"], "\(problem)")
                #expect((errors.first?["message"] as? String)?.hasPrefix("must") == true, "\(problem)")
            }
            let plain = try await world.contract(try await world.acceptedQuote(customer))
            #expect(plain["cancellationPenaltyPercent"] as? String == "0.00")
            let quote = try await world.acceptedQuote(customer)
            let termed = try await world.ok(
                "POST", "/v1/contracts", as: .salesperson,
                json: """
                    {"quoteId": "\(quote)", "deliveryAddress": "88 Jinqiao Road", "cancellationPenaltyPercent": "12.5"}
                    """, expect: 201)
            #expect(termed["cancellationPenaltyPercent"] as? String == "12.50")
            let id = try #require(termed["id"] as? String)
            #expect(try await world.ok("GET", "/v1/contracts/\(id)", as: .salesManager)["cancellationPenaltyPercent"] as? String == "12.50")
            let signed = try await world.ok("POST", "/v1/contracts/\(id)/sign", as: .salesAdmin, expect: 201)
            let order = try #require(signed["orderId"] as? String)
            let request = try await world.ok(
                "POST", "/v1/orders/\(order)/cancel", as: .salesperson, json: #"{"reason": "customer withdrew"}"#, expect: 201)
            let asked = try await world.capture.next(CancellationRequested.self) { $0.requestId == request["requestId"] as? String }
            #expect(asked.cancellationPenaltyBasisPoints == 1250 && asked.orderTotal == Money("1000.00")! && asked.orderId == order)
        }
    }
}
