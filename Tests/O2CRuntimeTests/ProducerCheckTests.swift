import O2CAMQP
import O2CContracts
import O2CMessaging
import Testing

/// CONTRACT.md "Broker identity": which deliveries a service's consumer may hand to a handler, decided
/// from the broker-validated `user_id` and the way the message reached the queue.
@Suite struct ProducerCheckTests {
    let check = ProducerCheck(ownUser: "credit", identity: .services)
    static let key = "orders.credit_reservation_requested.v1"

    func delivery(
        exchange: String = MessageHeaders.eventsExchange, routingKey: String = key, userID: String?,
        headers: [String: AMQPFieldValue] = [:]
    ) -> AMQPDelivery {
        AMQPDelivery(
            deliveryTag: 1, generation: 1, exchange: exchange, routingKey: routingKey, redelivered: false, body: [],
            messageID: "m-1", type: "finance.invoice_paid.v1", userID: userID, headers: headers)
    }

    static func death(queue: String, exchange: String, keys: [String]) -> AMQPFieldValue {
        .table(["queue": .string(queue), "exchange": .string(exchange), "routing-keys": .array(keys.map(AMQPFieldValue.string))])
    }

    func isRefused(_ verdict: ProducerCheck.Verdict) -> Bool {
        if case .refused(_, _, let reason) = verdict { return reason.hasPrefix("unauthorised_producer") }
        return false
    }

    @Test("published on o2c.events by the service its key names: accepted, whatever the type property says")
    func direct() {
        #expect(check.verdict(for: delivery(userID: "orders")) == .accepted(routingKey: Self.key, producer: "orders"))
    }

    @Test("another service's user, no user_id, an empty one, or a key no service publishes: refused")
    func wrongProducer() {
        #expect(isRefused(check.verdict(for: delivery(userID: "finance-collections"))))
        #expect(isRefused(check.verdict(for: delivery(userID: nil))))
        #expect(isRefused(check.verdict(for: delivery(userID: ""))))
        #expect(isRefused(check.verdict(for: delivery(routingKey: "junk.thing.v1", userID: "orders"))))
        #expect(isRefused(check.verdict(for: delivery(routingKey: "", userID: "orders"))))
    }

    @Test("put into the queue through the default exchange, even with the right user_id and forged headers: refused")
    func defaultExchange() {
        let forged: [String: AMQPFieldValue] = [
            MessageHeaders.originalRoutingKey: .string(Self.key), MessageHeaders.verifiedProducer: .string("orders"),
        ]
        #expect(isRefused(check.verdict(for: delivery(exchange: "", routingKey: "credit", userID: "orders"))))
        #expect(isRefused(check.verdict(for: delivery(exchange: "", routingKey: "credit", userID: "o2c", headers: forged))))
    }

    @Test("a copy the service forwarded itself (retry tier, parked replay) keeps the producer it verified")
    func ownCopy() {
        let headers: [String: AMQPFieldValue] = [
            MessageHeaders.originalRoutingKey: .string(Self.key), MessageHeaders.verifiedProducer: .string("orders"),
        ]
        let back = delivery(exchange: "credit.forward", routingKey: "credit", userID: "credit", headers: headers)
        #expect(check.verdict(for: back) == .accepted(routingKey: Self.key, producer: "orders"))
        var unverified = headers
        unverified[MessageHeaders.verifiedProducer] = .string("o2c")
        #expect(
            isRefused(check.verdict(for: delivery(exchange: "credit.forward", routingKey: "credit", userID: "credit", headers: unverified)))
        )
    }

    @Test("parked by the broker (delivery limit) and replayed: the x-death record names the original publish")
    func brokerParked() {
        let deaths: AMQPFieldValue = .array([
            Self.death(queue: "credit.parked", exchange: "credit.forward", keys: ["credit.parked"]),
            Self.death(queue: "credit", exchange: MessageHeaders.eventsExchange, keys: [Self.key]),
        ])
        let replayed = delivery(exchange: "credit.forward", routingKey: "credit", userID: "orders", headers: ["x-death": deaths])
        #expect(check.verdict(for: replayed) == .accepted(routingKey: Self.key, producer: "orders"))
        let claimed = delivery(exchange: "credit.forward", routingKey: "credit", userID: "after-sales", headers: ["x-death": deaths])
        #expect(isRefused(check.verdict(for: claimed)))
    }
}
