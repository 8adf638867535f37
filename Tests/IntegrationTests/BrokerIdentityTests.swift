import Foundation
import O2CAMQP
import O2CContracts
import O2CMessaging
import Testing

/// CONTRACT.md "Broker identity" against the real broker and the credit service as a process: each
/// service is its own RabbitMQ user that may publish only its own routing keys; a consumer handles a
/// message only when the broker-validated `user_id` is the service its key names; everything else is
/// parked as `unauthorised_producer` and changes nothing, also after retries and a replay.
@Suite("Broker identity: only a service speaks for itself", .serialized)
struct BrokerIdentityTests {
    static let profile = #"{"grade": "B", "creditLimit": "10000.00", "depositRatio": "0.30"}"#

    struct Credit: Decodable {
        var exposure: Money
        var onHold: Bool
    }

    func credit(_ harness: ServiceHarness, _ process: ServiceProcess) async throws -> Credit {
        let (body, status) = try await harness.http(
            "GET", process, "/v1/customers/c-1/credit", token: try await harness.token(.salesManager))
        guard status == 200 else { throw TestFailure("GET credit answered \(status)") }
        return try JSONDecoder().decode(Credit.self, from: body)
    }

    /// A credit service whose customer c-1 has a profile, and a capture of what it publishes.
    func withCredit(
        _ extra: [String: String] = [:], _ body: (ServiceHarness, ServiceProcess, EventCapture) async throws -> Void
    )
        async throws
    {
        try await ServiceHarness.run("credit") { harness in
            let process = try await harness.start(extra)
            let capture = try await harness.capture(["credit.#"])
            let (_, status) = try await harness.http(
                "PUT", process, "/v1/customers/c-1/credit-profile", token: try await harness.token(.salesManager), json: Self.profile)
            #expect(status == 201)
            try await body(harness, process, capture)
        }
    }

    static func message(
        _ routingKey: String, _ body: String, exchange: String = MessageHeaders.eventsExchange, userID: String? = nil
    )
        -> AMQPOutgoingMessage
    {
        AMQPOutgoingMessage(
            exchange: exchange, routingKey: routingKey, body: Array(body.utf8), messageID: UUID().uuidString.lowercased(),
            correlationID: "o-forged", type: "finance.invoice_paid.v1", userID: userID)
    }

    static func reservation(_ order: String, _ amount: String) -> String {
        #"{"orderId":"\#(order)","customerId":"c-1","amount":"\#(amount)"}"#
    }

    @Test(
        "the broker refuses a service publishing another's routing key, a forged user_id, the default exchange; a reader publishes nothing")
    func brokerRefusesImpersonation() async throws {
        try await ServiceHarness.run("credit") { harness in
            _ = try await harness.capture(["credit.#"])
            let paid = #"{"invoiceId":"inv-1","orderId":"o-1","customerId":"c-1","kind":"deposit","paidAt":"2026-12-01T10:00:00Z"}"#
            let attempts: [(String, String, AMQPOutgoingMessage)] = [
                ("credit publishing finance's key", "credit", Self.message("finance.invoice_paid.v1", paid)),
                (
                    "credit claiming to be finance", "credit",
                    Self.message("credit.credit_reserved.v1", "{}", userID: ServiceName.financeCollections.rawValue)
                ),
                ("credit writing into orders' queue", "credit", Self.message("orders", paid, exchange: "")),
                ("the reader publishing", BrokerPermissions.standardReader, Self.message("finance.invoice_paid.v1", paid)),
            ]
            for (what, user, message) in attempts {
                do {
                    try await harness.publish(message, as: user)
                    Issue.record("\(what): the broker accepted it")
                } catch let error as AMQPError {
                    #expect([403, 406].contains(error.replyCode ?? 0), "\(what): \(error)")
                }
            }
            // Its own key, as itself: accepted.
            try await harness.publish(Self.message("credit.credit_reserved.v1", "{}"), as: "credit")
        }
    }

    @Test(
        "an outside system's reader user binds a queue of its own to o2c.events and follows the events; it may not touch a service's queue")
    func readerFollowsEvents() async throws {
        try await withCredit { harness, _, _ in
            let reader = try harness.amqp(as: BrokerPermissions.standardReader)
            let queue = "\(BrokerPermissions.standardReader).follow"
            let topology = AMQPTopology(
                queues: [.init(name: queue, durable: false)],
                bindings: [.init(queue: queue, exchange: MessageHeaders.eventsExchange, routingKey: "credit.#")])
            let follower = AMQPConsumer(configuration: reader, topology: topology, queue: queue, prefetch: 10, logger: harness.logger)
            try await follower.connect()
            defer { Task { await follower.close() } }
            try await harness.publish(
                CreditReservationRequested(orderId: "o-follow", customerId: "c-1", amount: Money("10.00")!), correlationID: "o-follow")
            var seen: AMQPDelivery?
            let deadline = ContinuousClock.now + .seconds(20)
            while seen == nil, ContinuousClock.now < deadline { seen = try await follower.next(timeout: .milliseconds(250)) }
            #expect(seen?.routingKey == CreditReserved.routingKey)
            #expect(seen?.userID == "credit", "the reader can tell who published it")

            let intruder = AMQPConsumer(
                configuration: reader, topology: AMQPTopology(), queue: "credit", prefetch: 1, logger: harness.logger)
            await #expect(throws: AMQPError.self) { try await intruder.connect() }
            await intruder.close()
        }
    }

    @Test(
        "a message put into credit's queue through the default exchange, or with a forged user_id, is parked as unauthorised_producer and changes nothing"
    )
    func consumerParksUnvalidatedProducers() async throws {
        try await withCredit { harness, process, capture in
            // The operator (full rights) puts a reservation straight into the queue: no user_id of orders.
            try await harness.publish(
                Self.message("credit", Self.reservation("o-default", "900.00"), exchange: ""), as: harness.amqp.user)
            // An impersonator (RabbitMQ lets it set any user_id) claims to be finance for an orders key.
            let impersonator = try await Self.impersonator(in: harness)
            try await harness.publish(
                Self.message(CreditReservationRequested.routingKey, Self.reservation("o-forged", "800.00"), userID: "finance-collections"),
                as: impersonator)
            try await harness.publish(
                Self.message(CreditReservationRequested.routingKey, Self.reservation("o-nouser", "700.00"), userID: ""),
                as: impersonator)

            let parked = try await harness.takeParked(from: "credit", count: 3)
            #expect(parked.count == 3)
            for delivery in parked {
                #expect(InputBoundsTests.reason(delivery).hasPrefix("unauthorised_producer"), "\(InputBoundsTests.reason(delivery))")
            }
            #expect(try await credit(harness, process).exposure == .zero, "no reservation was made")

            // The same request from orders itself is handled.
            try await harness.publish(
                CreditReservationRequested(orderId: "o-real", customerId: "c-1", amount: Money("600.00")!), correlationID: "o-real")
            let reserved = try await capture.next(CreditReserved.self) { $0.orderId == "o-real" }
            #expect(reserved.orderId == "o-real")
            #expect(capture.received.allSatisfy { !$0.body.contains(Array("o-forged".utf8)) && !$0.body.contains(Array("o-default".utf8)) })
            #expect(try await credit(harness, process).exposure == Money("600.00"))
        }
    }

    @Test("a message retried on the delay tiers, parked, then replayed with o2cctl is still checked and handled once")
    func replayKeepsTheProof() async throws {
        try await withCredit { harness, process, capture in
            let schema = harness.schema
            try await harness.admin.query(
                "alter table \(identifier: schema).credit_reservations add constraint refuse_o_retry check (order_id <> 'o-retry')")
            try await harness.publish(
                CreditReservationRequested(orderId: "o-retry", customerId: "c-1", amount: Money("500.00")!), correlationID: "o-retry")
            // A forged one beside it (through the default exchange), parked at once.
            try await harness.publish(Self.message("credit", Self.reservation("o-sneak", "400.00"), exchange: ""), as: harness.amqp.user)

            let broker = AMQPAdmin(configuration: harness.amqp, logger: harness.logger)
            try await eventually("both parked (the real one after 1 + 3 tries)", timeout: .seconds(30)) {
                try await broker.queueStatus("credit.parked").messages == 2
            }
            await broker.close()
            try await harness.admin.query("alter table \(identifier: schema).credit_reservations drop constraint refuse_o_retry")

            let replay = try OpsCLI.run(["parked", "replay", "credit", "--all"], environment: ["O2C_AMQP_URL": harness.amqpURL])
            #expect(replay.status == 0, "\(replay)")
            #expect(replay.output.contains("2 replayed"), "\(replay)")

            _ = try await capture.next(CreditReserved.self) { $0.orderId == "o-retry" }
            let parkedAgain = try await harness.takeParked(from: "credit", count: 1)
            #expect(parkedAgain.count == 1)
            #expect(parkedAgain.first.map(InputBoundsTests.reason)?.hasPrefix("unauthorised_producer") == true)
            #expect(parkedAgain.first.map { String(decoding: $0.body, as: UTF8.self).contains("o-sneak") } == true)
            try await Task.sleep(for: .seconds(1))
            #expect(try await credit(harness, process).exposure == Money("500.00"), "reserved once, the forged one not at all")
            let reservations = capture.received.filter { $0.routingKey == CreditReserved.routingKey }
            #expect(reservations.count == 1)
        }
    }

    @Test(
        "a full parked queue refuses new copies: the consumer holds the message, says so in readiness and metrics, and parks it once there is room"
    )
    func boundedParkedQueue() async throws {
        try await withCredit(["O2C_PARKED_QUEUE_MAX": "1"]) { harness, process, _ in
            // A quorum queue takes one message past its bound before it refuses (RabbitMQ checks the length
            // before adding): with a bound of 1, the third copy is refused.
            let broker = AMQPAdmin(configuration: harness.amqp, logger: harness.logger)
            for (n, order) in ["o-a", "o-b"].enumerated() {
                try await harness.publish(Self.message("credit", Self.reservation(order, "1.00"), exchange: ""), as: harness.amqp.user)
                try await eventually("parked") { try await broker.queueStatus("credit.parked").messages == n + 1 }
            }
            await broker.close()
            try await harness.publish(Self.message("credit", Self.reservation("o-c", "1.00"), exchange: ""), as: harness.amqp.user)
            struct Ready: Decodable { var ready: Bool; var queuesFull: [String] }
            try await eventually("readiness names the full parked queue", timeout: .seconds(20)) {
                let (body, _) = try await harness.http("GET", process, "/health/ready")
                return try JSONDecoder().decode(Ready.self, from: body).queuesFull == ["credit.parked"]
            }
            let (metrics, _) = try await harness.http("GET", process, "/metrics")
            #expect(
                String(decoding: metrics, as: UTF8.self).contains(#"o2c_messages_held_queue_full_total{service="credit",queue="parked"}"#))
            let first = try await harness.takeParked(from: "credit", count: 2)
            #expect(first.count == 2, "the old messages are kept, not dropped")
            let second = try await harness.takeParked(from: "credit", count: 1)
            #expect(second.count == 1, "the held one is parked once there is room")
            #expect(Set((first + second).compactMap(\.messageID)).count == 3)
            try await eventually("readiness clears") {
                let (body, _) = try await harness.http("GET", process, "/health/ready")
                return try JSONDecoder().decode(Ready.self, from: body).queuesFull.isEmpty
            }
        }
    }

    @Test(
        "a forged finance.invoice_paid.v1 for a real deposit invoice releases nothing: the order waits, credit and finance are unchanged, the real payment still works"
    )
    func forgedPaymentEndToEnd() async throws {
        try await OrderToCashWorld.run { world in
            let harness = world.harness
            let customer = try await world.customer(grade: "B", ratio: "0.30", name: "Forgery Target")
            let orderId = try await world.placeOrder(customer)
            let deposit = try await world.invoice(orderId, kind: "deposit")
            let invoiceId = try #require(deposit["id"] as? String)
            let stateBefore = try await world.sagaState(orderId)
            let paid = try OutgoingMessage.event(
                InvoicePaid(invoiceId: invoiceId, orderId: orderId, customerId: customer, kind: "deposit", paidAt: Date()),
                correlationID: orderId, causationID: nil)
            func forged(exchange: String, routingKey: String, userID: String? = nil) -> AMQPOutgoingMessage {
                AMQPOutgoingMessage(
                    exchange: exchange, routingKey: routingKey, body: Array(paid.body.utf8), messageID: UUID().uuidString.lowercased(),
                    correlationID: orderId, type: InvoicePaid.routingKey, userID: userID)
            }
            // Straight into the orders and credit queues with the operator's full rights.
            try await harness.publish(forged(exchange: "", routingKey: "orders"), as: harness.amqp.user)
            try await harness.publish(forged(exchange: "", routingKey: "credit"), as: harness.amqp.user)
            // On o2c.events as another service: the broker refuses it.
            await #expect(throws: AMQPError.self) {
                try await harness.publish(forged(exchange: MessageHeaders.eventsExchange, routingKey: InvoicePaid.routingKey), as: "credit")
            }
            // On o2c.events by an impersonator claiming to be credit: it reaches every bound queue.
            let impersonator = try await Self.impersonator(in: harness)
            try await harness.publish(
                forged(exchange: MessageHeaders.eventsExchange, routingKey: InvoicePaid.routingKey, userID: "credit"), as: impersonator)

            let orderParked = try await harness.takeParked(from: "orders", count: 2)
            #expect(orderParked.count == 2)
            #expect(orderParked.allSatisfy { InputBoundsTests.reason($0).hasPrefix("unauthorised_producer") })
            #expect(try await world.sagaState(orderId) == stateBefore, "the saga did not move on a forged payment")
            let invoices = try await world.list(world.finance, "/v1/invoices?orderId=\(orderId)", as: .finance)
            #expect(invoices.first { $0["id"] as? String == invoiceId }?["outstanding"] as? String == deposit["amount"] as? String)
            let creditParked = try await harness.takeParked(from: "credit", count: 2)
            #expect(creditParked.count == 2 && creditParked.allSatisfy { InputBoundsTests.reason($0).hasPrefix("unauthorised_producer") })

            try await world.payDeposit(customer, orderId)
            try await eventually("the real payment moves the saga", timeout: .seconds(30)) {
                try await world.sagaState(orderId) != stateBefore
            }
        }
    }

    /// A user of this world that RabbitMQ lets set any `user_id` (the `impersonator` tag): what a
    /// misconfigured or compromised broker account could send.
    static func impersonator(in harness: ServiceHarness) async throws -> String {
        let name = "impersonator-\(harness.vhost)"
        try await ServiceHarness.management("PUT", "/api/users/\(name)", json: #"{"password":"imp","tags":"impersonator"}"#)
        try await ServiceHarness.management(
            "PUT", "/api/permissions/\(harness.vhost)/\(name)", json: #"{"configure":"","write":".*","read":""}"#)
        harness.extraUsers[name] = "imp"
        return name
    }
}
