import Foundation
import O2CAMQP
import O2CContracts
import O2CMessaging
import O2CPostgres
import Testing

/// The credit service as a real process on a real broker and database: the saga's commands in,
/// its answers out, and people's decisions over HTTP.
@Suite("Credit service (DOMAIN.md Credit): profiles, reservations, exposure, holds, overrides", .serialized)
struct CreditServiceTests {
    struct Credit: Decodable {
        var grade: String
        var creditLimit: Money
        var depositRatio: String
        var exposure: Money
        var available: Money
        var onHold: Bool
        var holdReasons: [String]
    }

    static let profileB = #"{"grade": "B", "creditLimit": "10000.00", "depositRatio": "0.30"}"#

    /// Runs `body` against a fresh credit service whose customer `c-1` has grade B, limit 10000.00, 30%.
    func withCreditService(
        _ body: (ServiceHarness, ServiceProcess, EventCapture) async throws -> Void
    ) async throws {
        try await ServiceHarness.run("credit") { harness in
            let process = try await harness.start()
            let capture = try await harness.capture(["credit.#"])
            let manager = try await harness.token(.salesManager, subject: "wang.manager")
            let (_, status) = try await harness.http(
                "PUT", process, "/v1/customers/c-1/credit-profile", token: manager, json: Self.profileB)
            #expect(status == 201)
            try await body(harness, process, capture)
        }
    }

    func credit(_ harness: ServiceHarness, _ process: ServiceProcess, _ customer: String = "c-1") async throws -> Credit {
        let token = try await harness.token(.salesperson)
        let (body, status) = try await harness.http("GET", process, "/v1/customers/\(customer)/credit", token: token)
        guard status == 200 else { throw TestFailure("GET credit answered \(status): \(String(decoding: body, as: UTF8.self))") }
        return try JSONDecoder().decode(Credit.self, from: body)
    }

    func reserve(_ harness: ServiceHarness, _ order: String, _ amount: String, customer: String = "c-1") async throws {
        try await harness.publish(
            CreditReservationRequested(orderId: order, customerId: customer, amount: Money(amount)!), correlationID: order)
    }

    @Test("Credit: an order within the limit is reserved, one past it refused; exposure and available follow")
    func reserveAndRefuse() async throws {
        try await withCreditService { harness, process, capture in
            try await reserve(harness, "o-1", "6000.00")
            let reserved = try await capture.next(CreditReserved.self) { $0.orderId == "o-1" }
            #expect(reserved.grade == .b && reserved.depositRatioBasisPoints == 3000)
            #expect(reserved.amount == Money("6000.00") && !reserved.override && !reserved.shipBeforePayment)

            try await reserve(harness, "o-2", "5000.00")
            let refused = try await capture.next(CreditRefused.self) { $0.orderId == "o-2" }
            #expect(refused.code == "credit_limit_exceeded")
            #expect(refused.reason.contains("10000.00"))

            let credit = try await credit(harness, process)
            #expect(credit.grade == "B" && credit.creditLimit == Money("10000.00") && credit.depositRatio == "0.30")
            #expect(credit.exposure == Money("6000.00") && credit.available == Money("4000.00"))
            #expect(!credit.onHold)

            try await reserve(harness, "o-9", "100.00", customer: "c-unknown")
            let noProfile = try await capture.next(CreditRefused.self) { $0.orderId == "o-9" }
            #expect(noProfile.code == "no_credit_profile")
        }
    }

    @Test("Credit: only a sales_director overrides, recorded with who and why; release lowers exposure")
    func overrideAndRelease() async throws {
        try await withCreditService { harness, process, capture in
            try await reserve(harness, "o-1", "6000.00")
            _ = try await capture.next(CreditReserved.self) { $0.orderId == "o-1" }
            try await reserve(harness, "o-2", "5000.00")
            _ = try await capture.next(CreditRefused.self) { $0.orderId == "o-2" }

            let why = #"{"reason": "long-standing customer, payment promised Friday"}"#
            let manager = try await harness.token(.salesManager, subject: "wang.manager")
            let (forbidden, status) = try await harness.http("POST", process, "/v1/orders/o-2/override", token: manager, json: why)
            #expect(status == 403)
            #expect(String(decoding: forbidden, as: UTF8.self).contains("forbidden_role"))

            let director = try await harness.token(.salesDirector, subject: "liu.director")
            let (_, unknown) = try await harness.http("POST", process, "/v1/orders/o-404/override", token: director, json: why)
            #expect(unknown == 404)
            let (granted, overridden) = try await harness.http("POST", process, "/v1/orders/o-2/override", token: director, json: why)
            #expect(overridden == 201)
            #expect(String(decoding: granted, as: UTF8.self).contains("liu.director"))
            let reserved = try await capture.next(CreditReserved.self) { $0.orderId == "o-2" }
            #expect(reserved.override && !reserved.shipBeforePayment && reserved.amount == Money("5000.00"))
            let recorded = try await harness.admin.query(
                "select overridden_by, reason, overriding_code from \(identifier: harness.schema).credit_overrides where order_id = 'o-2'")
            #expect(try recorded.rows.map { try $0.string("overridden_by") } == ["liu.director"])
            #expect(try recorded.rows.first?.string("overriding_code") == "credit_limit_exceeded")
            #expect(try await credit(harness, process).available == Money("-1000.00"))

            // Shipping before payment (未打款先发货) for an order already reserved.
            let ship = #"{"reason": "urgent project, director approves", "shipBeforePayment": true}"#
            let (_, shipStatus) = try await harness.http("POST", process, "/v1/orders/o-1/override", token: director, json: ship)
            #expect(shipStatus == 201)
            let approved = try await capture.next(CreditReserved.self) { $0.orderId == "o-1" && $0.shipBeforePayment }
            #expect(approved.override)

            try await harness.publish(CreditReleaseRequested(orderId: "o-1", customerId: "c-1"), correlationID: "o-1")
            _ = try await capture.next(CreditReleased.self) { $0.orderId == "o-1" }
            let after = try await credit(harness, process)
            #expect(after.exposure == Money("5000.00") && after.available == Money("5000.00"))
        }
    }

    @Test("Credit: an overdue invoice puts the customer on hold until it is paid")
    func holds() async throws {
        try await withCreditService { harness, process, capture in
            try await harness.publish(
                InvoiceIssued(
                    invoiceId: "inv-1", orderId: "o-old", customerId: "c-1", kind: "balance", amount: Money("1500.00")!,
                    dueDate: "2026-11-01"),
                correlationID: "o-old")
            try await eventually("the unpaid invoice counts in exposure") {
                try await credit(harness, process).exposure == Money("1500.00")
            }
            try await harness.publish(
                InvoiceOverdue(
                    invoiceId: "inv-1", orderId: "o-old", customerId: "c-1", dueDate: "2026-11-01", outstanding: Money("1500.00")!),
                correlationID: "o-old")
            try await eventually("on hold") { try await credit(harness, process).onHold }
            #expect(try await credit(harness, process).holdReasons == ["invoice inv-1 is overdue"])

            try await reserve(harness, "o-3", "100.00")
            let refused = try await capture.next(CreditRefused.self) { $0.orderId == "o-3" }
            #expect(refused.code == "customer_on_hold")

            try await harness.publish(
                InvoicePaid(invoiceId: "inv-1", orderId: "o-old", customerId: "c-1", kind: "balance", paidAt: Date()),
                correlationID: "o-old")
            try await eventually("hold lifted") { try await !credit(harness, process).onHold }
            let lifted = try await credit(harness, process)
            #expect(lifted.exposure == .zero && lifted.holdReasons.isEmpty)
            try await reserve(harness, "o-4", "100.00")
            _ = try await capture.next(CreditReserved.self) { $0.orderId == "o-4" }
        }
    }

    @Test(
        "Credit: exposure counts an order's own deposit invoice once (its reservation), its freight and a released order's invoices in full"
    )
    func exposureCountsNothingTwice() async throws {
        try await withCreditService { harness, process, capture in
            try await reserve(harness, "o-4", "100.00")
            _ = try await capture.next(CreditReserved.self) { $0.orderId == "o-4" }
            for (invoice, kind, amount) in [("inv-d", "deposit", "30.00"), ("inv-f", "freight", "20.00")] {
                try await harness.publish(
                    InvoiceIssued(invoiceId: invoice, orderId: "o-4", customerId: "c-1", kind: kind, amount: Money(amount)!, dueDate: nil),
                    correlationID: "o-4")
            }
            try await eventually("the freight invoice counts, the deposit invoice does not") {
                try await credit(harness, process).exposure == Money("120.00")
            }
            try await harness.publish(CreditReleaseRequested(orderId: "o-4", customerId: "c-1"), correlationID: "o-4")
            _ = try await capture.next(CreditReleased.self) { $0.orderId == "o-4" }
            #expect(try await credit(harness, process).exposure == Money("50.00"), "the released order's unpaid invoices count")
        }
    }

    @Test("Credit: bad profile input is a 422 problem and changes nothing; every change is kept with who made it")
    func profileValidationAndHistory() async throws {
        try await withCreditService { harness, process, _ in
            let finance = try await harness.token(.finance, subject: "zhao.finance")
            for bad in [
                #"{"grade": "B", "creditLimit": "12.5", "depositRatio": "0.30"}"#,
                #"{"grade": "D", "creditLimit": "20000.00", "depositRatio": "0.30"}"#,
                #"{"grade": "A", "creditLimit": "20000.00", "depositRatio": "1.50"}"#,
                #"{"grade": "A", "creditLimit": "-1.00"}"#,
            ] {
                let (body, status) = try await harness.http("PUT", process, "/v1/customers/c-1/credit-profile", token: finance, json: bad)
                #expect(status == 422, "\(bad)")
                #expect(String(decoding: body, as: UTF8.self).contains("validation_failed"))
            }
            let salesperson = try await harness.token(.salesperson)
            let (_, forbidden) = try await harness.http(
                "PUT", process, "/v1/customers/c-1/credit-profile", token: salesperson, json: Self.profileB)
            #expect(forbidden == 403)
            let unchanged = try await credit(harness, process)
            #expect(unchanged.grade == "B" && unchanged.creditLimit == Money("10000.00"))

            let (_, updated) = try await harness.http(
                "PUT", process, "/v1/customers/c-1/credit-profile", token: finance,
                json: #"{"grade": "A", "creditLimit": "20000.00", "depositRatioBasisPoints": 2500}"#)
            #expect(updated == 200)
            #expect(try await credit(harness, process).depositRatio == "0.25")

            let auditor = try await harness.token(.auditor)
            let (body, status) = try await harness.http("GET", process, "/v1/customers/c-1/credit/history", token: auditor)
            #expect(status == 200)
            struct Values: Decodable { var grade: String; var creditLimit: Money; var depositRatio: String }
            struct Change: Decodable { var changedBy: String; var changedRole: String; var old: Values?; var new: Values }
            struct History: Decodable { var changes: [Change] }
            let history = try JSONDecoder().decode(History.self, from: body)
            #expect(history.changes.map(\.changedBy) == ["wang.manager", "zhao.finance"])
            #expect(history.changes.map(\.changedRole) == ["sales_manager", "finance"])
            #expect(history.changes[0].old == nil && history.changes[0].new.creditLimit == Money("10000.00"))
            #expect(history.changes[1].old?.grade == "B" && history.changes[1].new.grade == "A")
            #expect(history.changes[1].new.depositRatio == "0.25")
        }
    }

    @Test("Credit: a request delivered twice reserves once; a release before the request leaves a tombstone")
    func duplicatesAndOutOfOrder() async throws {
        try await withCreditService { harness, process, capture in
            let request = CreditReservationRequested(orderId: "o-5", customerId: "c-1", amount: Money("2000.00")!)
            try await harness.publishTwice(request, correlationID: "o-5")
            _ = try await capture.next(CreditReserved.self) { $0.orderId == "o-5" }
            try await Task.sleep(for: .seconds(1))
            let answers = try await harness.admin.query(
                "select count(*) as n from \(identifier: harness.schema).outbox where correlation_id = 'o-5'")
            #expect(try answers.rows[0].int("n") == 1)
            #expect(try await credit(harness, process).exposure == Money("2000.00"))

            try await harness.publish(CreditReleaseRequested(orderId: "o-6", customerId: "c-1"), correlationID: "o-6")
            _ = try await capture.next(CreditReleased.self) { $0.orderId == "o-6" }
            try await reserve(harness, "o-6", "100.00")
            let refused = try await capture.next(CreditRefused.self) { $0.orderId == "o-6" }
            #expect(refused.code == "order_released")
            try await harness.publish(CreditReleaseRequested(orderId: "o-6", customerId: "c-1"), correlationID: "o-6")
            try await eventually("a repeated release is answered again") {
                try await harness.admin.query(
                    "select count(*) as n from \(identifier: harness.schema).outbox where correlation_id = 'o-6' and routing_key = \(CreditReleased.routingKey)"
                ).rows[0].int("n") == 2
            }
        }
    }
}

extension ServiceHarness {
    /// Publishes the same message (one message id) twice, as a broker redelivery would.
    func publishTwice<E: EventContract>(_ event: E, correlationID: String) async throws {
        guard let owner = ProducerIdentity.services.expectedUser(of: E.routingKey) else { throw TestFailure("no owner of \(E.routingKey)") }
        let publisher = AMQPPublisher(configuration: try amqp(as: owner), topology: AMQPTopology(), logger: logger)
        defer { Task { await publisher.close() } }
        let message = try OutgoingMessage.event(event, correlationID: correlationID, causationID: nil)
        let outgoing = AMQPOutgoingMessage(
            exchange: message.exchange, routingKey: message.routingKey, body: Array(message.body.utf8),
            messageID: message.messageID, correlationID: correlationID, type: message.routingKey, timestamp: Date(),
            headers: [MessageHeaders.producer: .string("test")])
        try await publisher.publish([outgoing])
        try await publisher.publish([outgoing])
    }
}
