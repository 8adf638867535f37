import Foundation
import O2CAMQP
import O2CContracts
import O2CMessaging
import Testing

/// Issue 10 item 2 and issue 11 item 2: the order saga and credit take a payment only for the invoice
/// finance issued for that order and kind (DOMAIN.md "Credit": the deposit releases the goods, a payment
/// lifts a hold). A `finance.invoice_paid.v1` naming another order's invoice, an invented one, another
/// customer or kind is parked at once with `invoice_mismatch` and nothing moves; one that overtook its
/// invoice's `finance.invoice_issued.v1` is retried on the delay tiers and handled once the issue arrived.
@Suite("Payments matched to the invoice finance issued (DOMAIN.md Credit; real servers, services as processes)", .serialized)
struct PaymentMatchTests {
    /// Retry tiers long enough for a test to publish the issue while the payment waits on them.
    static let retryDelays = ["O2C_RETRY_DELAYS": "500ms,1s,4s"]

    static func attempt(_ delivery: AMQPDelivery) -> Int64? {
        if case .int(let attempt)? = delivery.headers[MessageHeaders.attempt] { return attempt }
        return nil
    }

    static func waitingInParked(_ harness: ServiceHarness, queue: String) async throws -> Int {
        let broker = AMQPAdmin(configuration: harness.amqp, logger: harness.logger)
        defer { Task { await broker.close() } }
        return try await broker.queueStatus("\(queue).parked").messages
    }

    /// Each of `payments` parked at once (attempt 1) with `invoice_mismatch` and the detail given in its reason.
    static func expectParkedAtOnce(
        _ harness: ServiceHarness, queue: String, _ payments: [(InvoicePaid, String)], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let parked = try await harness.takeParked(from: queue, count: payments.count, timeout: .seconds(20))
        #expect(parked.count == payments.count, "\(parked.map(InputBoundsTests.reason))", sourceLocation: sourceLocation)
        for (payment, detail) in payments {
            let match = parked.first { (try? JSONCoding.decoder.decode(InvoicePaid.self, from: Data($0.body))) == payment }
            guard let match else {
                Issue.record("\(payment) was not parked", sourceLocation: sourceLocation)
                continue
            }
            let reason = InputBoundsTests.reason(match)
            #expect(reason.hasPrefix("refused: invoice_mismatch") && reason.contains(detail), "\(reason)", sourceLocation: sourceLocation)
            #expect(attempt(match) == 1, "parked at once, not after the retry tiers: \(reason)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - The order saga

    /// A signed order of `customer` (10 × P-1 at 100.00) whose credit is reserved (grade A, 30 %): awaiting its deposit.
    func reservedOrder(_ world: OrdersWorld, _ customer: String) async throws -> String {
        let contract = try await world.contract(try await world.acceptedQuote(customer))
        let signed = try await world.ok("POST", "/v1/contracts/\(contract["id"] as! String)/sign", as: .salesAdmin, expect: 201)
        let order = try #require(signed["orderId"] as? String)
        try await world.harness.publish(
            CreditReserved(
                orderId: order, customerId: customer, amount: Money("1000.00")!, grade: .a, depositRatioBasisPoints: 3000,
                override: false, shipBeforePayment: false), correlationID: order)
        _ = try await world.capture.next(DepositInvoiceRequested.self) { $0.orderId == order }
        return order
    }

    func issueDeposit(_ world: OrdersWorld, _ order: String, _ customer: String, id: String) async throws {
        try await world.harness.publish(
            InvoiceIssued(
                invoiceId: id, orderId: order, customerId: customer, kind: "deposit", amount: Money("300.00")!, dueDate: "2099-01-08"),
            correlationID: order)
    }

    /// How many `orders.shipment_requested.v1` the saga sent for `order` (its outbox rows).
    func shipmentsRequested(_ world: OrdersWorld, _ order: String) async throws -> Int {
        try await world.harness.admin.query(
            "select count(*) as n from \(identifier: world.harness.schema).outbox where routing_key = \(ShipmentRequested.routingKey) and correlation_id = \(order)"
        ).rows[0].int("n")
    }

    func depositRequested(_ world: OrdersWorld, _ order: String) async throws -> Bool {
        let steps = try await world.saga(order)["steps"] as? [[String: Any]] ?? []
        return steps.contains { $0["name"] as? String == "deposit_requested" && $0["status"] as? String == "done" }
    }

    @Test(
        "DOMAIN.md Credit: a deposit payment naming another order's invoice, an invented id, its own invoice as the balance is parked with invoice_mismatch and the order stays awaiting its deposit; the right one releases the shipment"
    )
    func sagaRefusesWrongInvoices() async throws {
        try await OrdersWorld.with(Self.retryDelays) { world in
            try await world.product()
            let customer = try await world.customer()
            let (a, b, c) = (
                try await reservedOrder(world, customer), try await reservedOrder(world, customer), try await reservedOrder(world, customer)
            )
            try await issueDeposit(world, a, customer, id: "inv-a")
            try await issueDeposit(world, b, customer, id: "inv-b")
            try await eventually("both deposit invoices heard") {
                let heardA = try await depositRequested(world, a)
                let heardB = try await depositRequested(world, b)
                return heardA && heardB
            }
            let statusBefore = try await world.ok("GET", "/v1/orders/\(a)", as: .salesperson)["status"] as? String

            func paid(_ invoice: String, for order: String, kind: String = "deposit") -> InvoicePaid {
                InvoicePaid(
                    invoiceId: invoice, orderId: order, customerId: customer, kind: kind, paidAt: Date(timeIntervalSince1970: 1_795_000_000)
                )
            }
            let wrong = [
                (paid("inv-b", for: a), "names order \(a) (issued for \(b))"),
                (paid("inv-invented", for: a), "order \(a)'s deposit invoice is inv-a, not inv-invented"),
                (paid("inv-a", for: a, kind: "balance"), "kind balance (issued as deposit)"),
                // c has no deposit invoice yet: inv-b is b's all the same.
                (paid("inv-b", for: c), "names order \(c) (issued for \(b))"),
            ]
            for (payment, _) in wrong { try await world.harness.publish(payment, correlationID: payment.orderId ?? "") }
            try await Self.expectParkedAtOnce(world.harness, queue: "orders", wrong)

            for order in [a, c] {
                #expect(try await world.saga(order)["state"] as? String == "awaiting_deposit", "order \(order)")
                #expect(
                    !(try await world.saga(order)["steps"] as? [[String: Any]] ?? []).contains {
                        $0["name"] as? String == "deposit_received" && $0["status"] as? String == "done"
                    })
            }
            #expect(try await world.ok("GET", "/v1/orders/\(a)", as: .salesperson)["status"] as? String == statusBefore)
            #expect(try await shipmentsRequested(world, a) + shipmentsRequested(world, c) == 0, "nothing released for shipment")

            try await world.harness.publish(paid("inv-a", for: a), correlationID: a)
            let shipment = try await world.capture.next(ShipmentRequested.self) { $0.orderId == a }
            #expect(shipment.customerId == customer)
            #expect(try await world.saga(a)["state"] as? String == "awaiting_dispatch")
            #expect(try await shipmentsRequested(world, c) == 0)
            #expect(try await Self.waitingInParked(world.harness, queue: "orders") == 0)
        }
    }

    @Test(
        "DOMAIN.md Credit: a deposit payment that overtook its invoice's issue waits on the retry tiers, unrefused, and releases the shipment once the issue arrived, once"
    )
    func sagaTakesPaymentThatOvertookItsIssue() async throws {
        try await OrdersWorld.with(Self.retryDelays) { world in
            try await world.product()
            let customer = try await world.customer()
            let order = try await reservedOrder(world, customer)
            let payment = InvoicePaid(invoiceId: "inv-late", orderId: order, customerId: customer, kind: "deposit", paidAt: Date())
            try await world.harness.publish(payment, correlationID: order)
            try await eventually("the payment held back") { world.process.log.contains("unless its issue arrives") }
            #expect(try await world.saga(order)["state"] as? String == "awaiting_deposit")

            try await issueDeposit(world, order, customer, id: "inv-late")
            _ = try await world.capture.next(ShipmentRequested.self) { $0.orderId == order }
            #expect(try await world.saga(order)["state"] as? String == "awaiting_dispatch")
            try await Task.sleep(for: .seconds(1))
            #expect(try await shipmentsRequested(world, order) == 1, "released once")
            let moves = try await world.harness.admin.query(
                "select count(*) as n from \(identifier: world.harness.schema).saga_transitions where saga_id = \(order) and to_state = 'awaiting_dispatch'"
            )
            #expect(try moves.rows[0].int("n") == 1)
            #expect(try await Self.waitingInParked(world.harness, queue: "orders") == 0, "nothing parked")
        }
    }

    @Test(
        "DOMAIN.md Credit: a deposit payment that overtook its invoice's issue by a moment (two workers, the issue right behind it) is taken in process, without the delay tiers"
    )
    func sagaTakesPaymentThatOvertookItsIssueByAMoment() async throws {
        try await OrdersWorld.with(Self.retryDelays) { world in
            try await world.product()
            let customer = try await world.customer()
            let order = try await reservedOrder(world, customer)
            let payment = InvoicePaid(invoiceId: "inv-close", orderId: order, customerId: customer, kind: "deposit", paidAt: Date())
            try await world.harness.publish(payment, correlationID: order)
            try await issueDeposit(world, order, customer, id: "inv-close")
            _ = try await world.capture.next(ShipmentRequested.self) { $0.orderId == order }
            #expect(try await world.saga(order)["state"] as? String == "awaiting_dispatch")
            #expect(!world.process.log.contains("retrying later"), "no message went to a delay tier")
            #expect(try await shipmentsRequested(world, order) == 1, "released once")
        }
    }

    // MARK: - Credit

    struct Credit: Decodable {
        var exposure: Money
        var onHold: Bool
        var holdReasons: [String]
    }

    func credit(_ harness: ServiceHarness, _ process: ServiceProcess) async throws -> Credit {
        let (body, status) = try await harness.http("GET", process, "/v1/customers/c-1/credit", token: try await harness.token(.finance))
        guard status == 200 else { throw TestFailure("GET credit answered \(status)") }
        return try JSONDecoder().decode(Credit.self, from: body)
    }

    func invoiceStatus(_ harness: ServiceHarness, _ invoice: String) async throws -> String? {
        try await harness.admin.query(
            "select status from \(identifier: harness.schema).credit_invoices where invoice_id = \(invoice)"
        ).rows.first?.string("status")
    }

    @Test(
        "DOMAIN.md Credit: payments naming another order, customer or kind, or an invented invoice, are parked with invoice_mismatch and leave exposure and the hold as they were; the right one lifts the hold; one that overtook its issue counts once the issue arrived"
    )
    func creditCountsOnlyIssuedInvoices() async throws {
        try await ServiceHarness.run("credit") { harness in
            let process = try await harness.start(Self.retryDelays)
            let capture = try await harness.capture(["credit.#"])
            let manager = try await harness.token(.salesManager, subject: "wang.manager")
            #expect(
                try await harness.http(
                    "PUT", process, "/v1/customers/c-1/credit-profile", token: manager, json: CreditServiceTests.profileB
                ).status == 201)
            try await harness.publish(
                CreditReservationRequested(orderId: "o-1", customerId: "c-1", amount: Money("6000.00")!), correlationID: "o-1")
            _ = try await capture.next(CreditReserved.self) { $0.orderId == "o-1" }
            for (invoice, order, kind, amount) in [
                ("inv-d1", "o-1", "deposit", "1800.00"), ("inv-f1", "o-1", "freight", "20.00"), ("inv-b2", "o-old", "balance", "1500.00"),
            ] {
                try await harness.publish(
                    InvoiceIssued(
                        invoiceId: invoice, orderId: order, customerId: "c-1", kind: kind, amount: Money(amount)!, dueDate: "2026-11-01"),
                    correlationID: order)
            }
            try await harness.publish(
                InvoiceOverdue(
                    invoiceId: "inv-b2", orderId: "o-old", customerId: "c-1", dueDate: "2026-11-01", outstanding: Money("1500.00")!),
                correlationID: "o-old")
            try await eventually("exposure and the hold") {
                let credit = try await credit(harness, process)
                return credit.onHold && credit.exposure == Money("7520.00")
            }

            func paid(_ invoice: String, _ order: String?, customer: String = "c-1", kind: String) -> InvoicePaid {
                InvoicePaid(
                    invoiceId: invoice, orderId: order, customerId: customer, kind: kind, paidAt: Date(timeIntervalSince1970: 1_795_000_000)
                )
            }
            let wrong = [
                (paid("inv-b2", "o-other", kind: "balance"), "names order o-other (issued for o-old)"),
                (paid("inv-b2", "o-old", customer: "c-2", kind: "balance"), "customer c-2 (issued to c-1)"),
                (paid("inv-b2", "o-old", kind: "freight"), "kind freight (issued as balance)"),
                (paid("inv-invented", "o-old", kind: "balance"), "order o-old's balance invoice is inv-b2, not inv-invented"),
                (paid("inv-f1", "o-old", kind: "freight"), "names order o-old (issued for o-1)"),
                (paid("cn-1", "o-old", kind: "credit_note"), "not on 'credit_note'"),
            ]
            for (payment, _) in wrong { try await harness.publish(payment, correlationID: payment.orderId ?? "") }
            try await Self.expectParkedAtOnce(harness, queue: "credit", wrong)
            let unchanged = try await credit(harness, process)
            #expect(unchanged.exposure == Money("7520.00") && unchanged.onHold && unchanged.holdReasons == ["invoice inv-b2 is overdue"])
            #expect(try await invoiceStatus(harness, "inv-b2") == "unpaid")
            #expect(try await invoiceStatus(harness, "inv-invented") == nil)

            try await harness.publish(paid("inv-b2", "o-old", kind: "balance"), correlationID: "o-old")
            try await eventually("hold lifted") { try await !credit(harness, process).onHold }
            #expect(try await credit(harness, process).exposure == Money("6020.00"))

            // Paid before its issue: held back on the retry tiers, then counted once the issue came.
            try await harness.publish(paid("inv-f3", "o-1", kind: "freight"), correlationID: "o-1")
            try await eventually("the payment held back") { process.log.contains("unless its issue arrives") }
            #expect(try await invoiceStatus(harness, "inv-f3") == nil)
            try await harness.publish(
                InvoiceIssued(
                    invoiceId: "inv-f3", orderId: "o-1", customerId: "c-1", kind: "freight", amount: Money("30.00")!, dueDate: nil),
                correlationID: "o-1")
            try await eventually("the late-issued invoice paid") { try await invoiceStatus(harness, "inv-f3") == "paid" }
            #expect(try await credit(harness, process).exposure == Money("6020.00"))

            // An invoice nobody issued, for an order credit never heard of: nothing to compare with, so it waits
            // out the tiers and is then parked, the reason naming invoice_mismatch.
            try await harness.publish(paid("inv-ghost", "o-ghost", kind: "freight"), correlationID: "o-ghost")
            let ghost = try await harness.takeParked(from: "credit", count: 1, timeout: .seconds(30))
            let reason = ghost.first.map(InputBoundsTests.reason) ?? ""
            #expect(
                reason.contains("invoice_mismatch") && reason.contains("inv-ghost") && reason.contains("handler failed 4 times"),
                "\(reason)")
            #expect(try await invoiceStatus(harness, "inv-ghost") == nil)
            #expect(try await credit(harness, process).exposure == Money("6020.00"))
            #expect(try await Self.waitingInParked(harness, queue: "credit") == 0, "nothing else parked")
        }
    }
}
