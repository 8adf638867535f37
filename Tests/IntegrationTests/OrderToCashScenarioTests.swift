import Foundation
import O2CContracts
import Testing

/// Order-to-cash scenarios across the four service processes, each checked as a user would see it:
/// through the services' HTTP APIs (DOMAIN.md sections cited in the names), with the customer's ledger
/// identity checked at the end of each.
@Suite("Order to cash scenarios (all services as processes)", .serialized)
struct OrderToCashScenarioTests {
    /// A call's problem+json, after checking its status.
    static func problem(
        _ answer: (body: Data, status: Int), _ status: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [String: Any] {
        #expect(answer.status == status, "\(String(decoding: answer.body, as: UTF8.self))", sourceLocation: sourceLocation)
        let json = (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any]) ?? [:]
        #expect(json["status"] as? Int == status && json["type"] is String, "not problem+json: \(json)", sourceLocation: sourceLocation)
        return json
    }

    @Test("DOMAIN.md Credit (grades B and C): deposit before dispatch, B's balance due on delivery, C's 14 days after")
    func gradesBAndC() async throws {
        try await OrderToCashWorld.run { world in
            let gradeB = try await world.customer(grade: "B", ratio: "0.30", name: "Beta Pumps")
            let gradeC = try await world.customer(grade: "C", ratio: "0.50", name: "Gamma Valves")
            for (customerId, deposit, balance, due) in [
                (gradeB, "3600.00", "8400.00", "2026-11-25"), (gradeC, "6000.00", "6000.00", "2026-12-09"),
            ] {
                let orderId = try await world.placeOrder(customerId)
                #expect(try await world.payDeposit(customerId, orderId) == deposit)
                try await world.ship(orderId)
                try await world.deliver(orderId, signedAt: "2026-11-25T08:00:00Z")
                let invoice = try await world.invoice(orderId, kind: "balance")
                #expect(invoice["amount"] as? String == balance)
                #expect(invoice["dueDate"] as? String == due, "balance of \(customerId)")
                _ = try await world.invoice(orderId, kind: "freight")
                try await world.payOutstanding(customerId, reference: "BAL-\(orderId)")
                try await world.waitForStatus(orderId, "completed")
                try await world.expectLedgerBalances(customerId)
            }
        }
    }

    @Test(
        "DOMAIN.md Credit and saga compensations: refused over the limit, only a sales_director who did not make the order overrides, then the order completes"
    )
    func creditRefusedThenOverridden() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "A", limit: "5000.00")
            let orderId = try await world.placeOrder(customerId)
            try await world.waitForSagaState(orderId, "credit_refused")
            #expect(try await world.list(world.finance, "/v1/invoices?orderId=\(orderId)", as: .finance).isEmpty)

            let byManager = try await world.send(
                "POST", world.credit, "/v1/orders/\(orderId)/override", as: .salesManager, #"{"reason":"good customer"}"#)
            _ = Self.problem(byManager, 403)
            // The salesperson who wrote the quote and contract is a sales_director too: still not for their own order.
            let author = try await world.harness.token(.salesDirector, subject: "salesperson-1")
            let byAuthor = Self.problem(
                try await world.harness.http(
                    "POST", world.credit, "/v1/orders/\(orderId)/override", token: author, json: #"{"reason":"mine"}"#), 403)
            #expect(byAuthor["code"] as? String == "separation_of_duties")
            let overridden = try await world.call(
                "POST", world.credit, "/v1/orders/\(orderId)/override", as: .salesDirector,
                #"{"reason":"long-standing customer, director approves"}"#)
            #expect(overridden["overriding"] as? String == "credit_limit_exceeded")
            #expect(try await world.payDeposit(customerId, orderId) == "3600.00")
            try await world.ship(orderId)
            try await world.deliver(orderId)
            _ = try await world.invoice(orderId, kind: "balance")
            _ = try await world.invoice(orderId, kind: "freight")
            try await world.payOutstanding(customerId, reference: "BAL-1")
            try await world.waitForStatus(orderId, "completed")
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("DOMAIN.md Credit: an overdue invoice puts the customer on hold, refusing new orders, until it is paid")
    func overdueHoldLiftedByPayment() async throws {
        try await OrderToCashWorld.run(financeEnvironment: ["O2C_TEST_CLOCK": "1", "O2C_OVERDUE_INTERVAL_SECONDS": "1"]) { world in
            let customerId = try await world.customer(grade: "C")
            let orderId = try await world.placeOrder(customerId)
            try await world.payDeposit(customerId, orderId)
            try await world.ship(orderId)
            try await world.deliver(orderId, signedAt: "2026-11-25T08:00:00Z")
            let balance = try await world.invoice(orderId, kind: "balance")
            #expect(balance["dueDate"] as? String == "2026-12-09")
            _ = try await world.invoice(orderId, kind: "freight")
            let before = try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)
            #expect(before["onHold"] as? Bool == false)

            _ = try await world.call("PUT", world.finance, "/v1/admin/test-clock", as: .finance, #"{"now":"2026-12-20T02:00:00Z"}"#)
            var held: [String: Any] = [:]
            try await eventually("customer on hold", timeout: .seconds(30), every: .milliseconds(300)) {
                held = try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)
                return held["onHold"] as? Bool == true
            }
            #expect((held["holdReasons"] as? [Any])?.isEmpty == false, "a hold says why: \(held)")

            let refused = try await world.placeOrder(customerId)
            try await world.waitForSagaState(refused, "credit_refused")
            let refusal = try await world.harness.admin.query(
                "select refusal_code from \(identifier: "\(world.harness.id)_credit").credit_reservations where order_id = \(refused)")
            #expect(try refusal.rows.first?.string("refusal_code") == "customer_on_hold")

            try await world.payOutstanding(customerId, reference: "OVERDUE-1")
            try await eventually("hold lifted", timeout: .seconds(30), every: .milliseconds(300)) {
                try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)["onHold"] as? Bool == false
            }
            try await world.waitForStatus(orderId, "completed")
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test(
        "DOMAIN.md Order amendments and saga compensations: cancelled after the deposit, penalty kept, stock, credit and deposit released")
    func cancellationAfterDeposit() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "A")
            let stockBefore = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            let orderId = try await world.placeOrder(customerId, cancellationPenaltyPercent: "5")
            #expect(try await world.payDeposit(customerId, orderId) == "3600.00")
            _ = try await world.dispatchNote(orderId)
            let reserved = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            #expect(reserved["available"] as? Int == (stockBefore["available"] as? Int ?? 0) - 10)

            let request = try await world.call(
                "POST", world.orders, "/v1/orders/\(orderId)/cancel", as: .salesperson,
                #"{"reason":"customer withdrew"}"#)
            let requestId = try #require(request["requestId"] as? String)
            _ = try await world.call(
                "POST", world.orders, "/v1/order-requests/\(requestId)/approvals", as: .salesManager,
                #"{"decision":"approve","comment":"ok"}"#)
            #expect(try await world.order(orderId)["status"] as? String != "cancelled", "one approval is not enough")
            #expect(try await world.computedPenalty(requestId)["amount"] as? String == "600.00", "5% of 12000.00")
            _ = try await world.call(
                "POST", world.orders, "/v1/order-requests/\(requestId)/approvals", as: .generalManager,
                #"{"decision":"approve","comment":"ok"}"#)
            try await world.waitForStatus(orderId, "cancelled")

            try await eventually("stock released") {
                try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)["available"] as? Int == stockBefore[
                    "available"] as? Int
            }
            try await eventually("credit released") {
                try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)["exposure"] as? String
                    == "0.00"
            }
            _ = try await world.waitFor(world.finance, "/v1/invoices?orderId=\(orderId)", as: .finance) {
                $0["kind"] as? String == "deposit" && $0["status"] as? String == "cancelled"
            }
            let refunds = try await world.harness.admin.query(
                "select amount, penalty from \(identifier: world.financeSchema).refunds where order_id = \(orderId)")
            #expect(refunds.rows.count == 1)
            #expect(try refunds.rows.first?.int64("amount") == 300_000, "3600.00 paid less the 600.00 penalty")
            #expect(try refunds.rows.first?.int64("penalty") == 60_000)
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("CONTRACT.md HTTP conventions / DOMAIN.md Invoices, receipts: a receipt repeated with its Idempotency-Key is recorded once")
    func idempotentReceipt() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "A")
            let orderId = try await world.placeOrder(customerId)
            _ = try await world.invoice(orderId, kind: "deposit")
            let body = #"{"customerId":"\#(customerId)","amount":"1000.00","method":"bank","reference":"PART-1"}"#
            let first = try await world.send(
                "POST", world.finance, "/v1/receipts", as: .finance, body, headers: ["Idempotency-Key": "rcpt-\(orderId)"])
            #expect(first.status == 201)
            let accountAfterFirst = try await world.call("GET", world.finance, "/v1/customers/\(customerId)/account", as: .finance)
            let repeated = try await world.send(
                "POST", world.finance, "/v1/receipts", as: .finance, body, headers: ["Idempotency-Key": "rcpt-\(orderId)"])
            #expect(repeated.status == first.status)
            let firstJSON = try JSONSerialization.jsonObject(with: first.body) as? NSDictionary
            let repeatedJSON = try JSONSerialization.jsonObject(with: repeated.body) as? NSDictionary
            #expect(firstJSON == repeatedJSON, "the repeat answers the same body")
            let accountAfterRepeat = try await world.call("GET", world.finance, "/v1/customers/\(customerId)/account", as: .finance)
            #expect(accountAfterFirst["balanceOwed"] as? String == "2600.00")
            #expect(accountAfterRepeat["balanceOwed"] as? String == "2600.00")
            #expect((accountAfterRepeat["ledger"] as? [String: Any])?["received"] as? String == "1000.00")
            let receipts = try await world.harness.admin.query(
                "select count(*)::bigint as n from \(identifier: world.financeSchema).receipts where customer_id = \(customerId)")
            #expect(try receipts.rows.first?.int64("n") == 1)
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("DOMAIN.md Roles: wrong roles get 403, bad input gets problem+json, and neither changes anything")
    func wrongRolesAndBadInput() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "A")
            let orderId = try await world.placeOrder(customerId)
            _ = try await world.invoice(orderId, kind: "deposit")
            let account = try await world.call("GET", world.finance, "/v1/customers/\(customerId)/account", as: .finance)
            let receipt = #"{"customerId":"\#(customerId)","amount":"3600.00","method":"bank","reference":"X-1"}"#

            _ = Self.problem(try await world.send("POST", world.finance, "/v1/receipts", as: .salesperson, receipt), 403)
            let badAmount = #"{"customerId":"\#(customerId)","amount":"12.5","method":"bank","reference":"X-2"}"#
            let answer = try await world.send("POST", world.finance, "/v1/receipts", as: .finance, badAmount)
            #expect((400..<500).contains(answer.status))
            _ = Self.problem(answer, answer.status)
            let after = try await world.call("GET", world.finance, "/v1/customers/\(customerId)/account", as: .finance)
            #expect(after["balanceOwed"] as? String == account["balanceOwed"] as? String)
            #expect((after["ledger"] as? [String: Any])?["received"] as? String == "0.00")

            let quote = try await world.call(
                "POST", world.orders, "/v1/quotes", as: .salesperson,
                #"{"customerId":"\#(customerId)","lines":[{"sku":"FL-100","quantity":1,"unitPrice":"900.00"}],"validUntil":"2030-01-01"}"#)
            let quoteId = try #require(quote["id"] as? String)
            _ = Self.problem(
                try await world.send(
                    "POST", world.orders, "/v1/quotes/\(quoteId)/approvals", as: .warehouseKeeper,
                    #"{"decision":"approve","comment":"looks fine"}"#), 403)
            let quoteAfter = try await world.call("GET", world.orders, "/v1/quotes/\(quoteId)", as: .salesperson)
            #expect(quoteAfter["status"] as? String == quote["status"] as? String)

            let stock = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            _ = Self.problem(
                try await world.send(
                    "PUT", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper,
                    #"{"warehouse":"main","onHand":-5}"#), 422)
            let stockAfter = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            #expect(stockAfter["onHand"] as? Int == stock["onHand"] as? Int)

            _ = Self.problem(
                try await world.send(
                    "POST", world.credit, "/v1/orders/no-such-order/override", as: .salesDirector,
                    #"{"reason":"why not"}"#), 404)
            #expect(try await world.sagaState(orderId) == "awaiting_deposit")
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("DOMAIN.md The order-to-cash flow: six orders in flight survive finance-collections being killed twice, each invoiced once")
    func batchSurvivesFinanceCrash() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "A", limit: "1000000.00")
            var orderIds: [String] = []
            for index in 0..<6 {
                if index == 3 { world.finance.kill() }
                orderIds.append(try await world.placeOrder(customerId, quantity: 5))
            }
            world.finance = try await world.harness.start("finance-collections", schema: world.financeSchema)
            for orderId in orderIds { #expect(try await world.payDeposit(customerId, orderId) == "1800.00") }
            for (index, orderId) in orderIds.enumerated() {
                if index == 3 { world.finance.kill() }
                try await world.ship(orderId, quantity: 5)
            }
            world.finance = try await world.harness.start("finance-collections", schema: world.financeSchema)
            for orderId in orderIds {
                try await world.deliver(orderId)
                _ = try await world.invoice(orderId, kind: "balance")
                _ = try await world.invoice(orderId, kind: "freight")
            }
            try await world.payOutstanding(customerId, reference: "BATCH-BAL")
            for orderId in orderIds {
                try await world.waitForStatus(orderId, "completed")
                let invoices = try await world.list(world.finance, "/v1/invoices?orderId=\(orderId)", as: .finance)
                for kind in ["deposit", "balance", "freight"] {
                    #expect(invoices.filter { $0["kind"] as? String == kind }.count == 1, "\(kind) invoices of \(orderId)")
                }
                #expect(invoices.allSatisfy { $0["outstanding"] as? String == "0.00" })
                #expect(try await world.list(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin).count == 1)
            }
            let account = try await world.call("GET", world.finance, "/v1/customers/\(customerId)/account", as: .finance)
            let ledger = try #require(account["ledger"] as? [String: Any])
            #expect(ledger["invoiced"] as? String == "36150.00", "6 × (6000.00 + 25.00 freight)")
            #expect(ledger["received"] as? String == "36150.00")
            #expect(ledger["outstanding"] as? String == "0.00")
            let receipts = try await world.harness.admin.query(
                "select count(*)::bigint as n from \(identifier: world.financeSchema).receipts where customer_id = \(customerId)")
            #expect(try receipts.rows.first?.int64("n") == 7, "six deposits and one balance payment")
            try await world.expectLedgerBalances(customerId)
        }
    }
}
