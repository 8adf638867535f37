import O2CAMQP
import O2CContracts

/// Which broker user may publish the events of a routing-key prefix (CONTRACT.md "Broker identity"):
/// by default the service the prefix names (`finance.*` → `finance-collections`), which connects to
/// RabbitMQ as the user of that name.
package struct ProducerIdentity: Sendable {
    let user: @Sendable (_ prefix: String) -> String?

    /// `prefix` → the user that may publish it; nil: nobody may.
    package init(user: @escaping @Sendable (_ prefix: String) -> String?) {
        self.user = user
    }

    /// The five services: each prefix belongs to the service whose events it names.
    package static let services = ProducerIdentity { prefix in
        ServiceName.allCases.first { $0.eventPrefix == prefix }?.rawValue
    }

    /// The broker user that may publish `routingKey`, from its first segment.
    package func expectedUser(of routingKey: String) -> String? {
        guard let prefix = routingKey.split(separator: ".", maxSplits: 1).first else { return nil }
        return user(String(prefix))
    }
}

/// Decides, for one delivery, which routing key it was published with on `o2c.events` and whether the
/// producer the broker vouches for (the `user_id` property, which RabbitMQ checks against the publishing
/// connection's user) is the service that key names. Only then may a handler see it.
///
/// A delivery reaches a service's queue in one of four ways:
/// - straight from `o2c.events`: the key is the delivery's routing key, the producer its `user_id`;
/// - back from one of the service's own retry tiers, or replayed from its parked queue: a copy the
///   service itself forwarded, so its `user_id` is the service's own user; the headers it wrote then
///   (the original key and the producer it had verified) are trusted, because nobody else can publish
///   with that `user_id`;
/// - replayed from the parked queue after the broker itself parked it (delivery limit): the original
///   properties are intact, and the broker's `x-death` record names the exchange and key of the
///   original publish;
/// - anything else, e.g. put into the queue through the default exchange: refused.
package struct ProducerCheck: Sendable {
    package enum Verdict: Equatable, Sendable {
        case accepted(routingKey: String, producer: String)
        /// `producer`: the broker user the delivery's origin names (nil: none), kept on its parked copy.
        case refused(routingKey: String, producer: String?, reason: String)

        /// The key of the original publish, as far as the delivery shows it.
        package var routingKey: String {
            switch self {
            case .accepted(let key, _), .refused(let key, _, _): key
            }
        }

        /// The producer the broker vouched for on the original publish.
        package var producer: String? {
            switch self {
            case .accepted(_, let producer): producer
            case .refused(_, let producer, _): producer
            }
        }
    }

    /// The broker user this service consumes and forwards as.
    package var ownUser: String
    package var identity: ProducerIdentity

    package init(ownUser: String, identity: ProducerIdentity) {
        self.ownUser = ownUser
        self.identity = identity
    }

    package func verdict(for delivery: AMQPDelivery) -> Verdict {
        let (routingKey, producer) = origin(of: delivery)
        guard let routingKey else {
            return .refused(
                routingKey: delivery.routingKey, producer: producer,
                reason: "unauthorised_producer: not published on \(MessageHeaders.eventsExchange) "
                    + "(arrived through exchange '\(delivery.exchange)' with key '\(delivery.routingKey)')")
        }
        guard let expected = identity.expectedUser(of: routingKey) else {
            return .refused(
                routingKey: routingKey, producer: producer, reason: "unauthorised_producer: no service publishes routing key \(routingKey)")
        }
        guard let producer, producer == expected else {
            return .refused(
                routingKey: routingKey, producer: producer,
                reason: "unauthorised_producer: routing key \(routingKey) is \(expected)'s, "
                    + "but the message was published by \(producer.map { "broker user \($0)" } ?? "a producer without user_id")")
        }
        return .accepted(routingKey: routingKey, producer: producer)
    }

    /// The key of the original publish on `o2c.events` and the producer vouched for then.
    private func origin(of delivery: AMQPDelivery) -> (routingKey: String?, producer: String?) {
        if delivery.exchange == MessageHeaders.eventsExchange {
            return (delivery.routingKey, delivery.userID)
        }
        if delivery.userID == ownUser, let key = delivery.headers[MessageHeaders.originalRoutingKey]?.stringValue {
            return (key, delivery.headers[MessageHeaders.verifiedProducer]?.stringValue)
        }
        let deaths = delivery.headers["x-death"]?.arrayValue?.compactMap(\.tableValue) ?? []
        if let original = deaths.last(where: { $0["exchange"]?.stringValue == MessageHeaders.eventsExchange }),
            let key = original["routing-keys"]?.arrayValue?.first?.stringValue
        {
            return (key, delivery.userID)
        }
        return (nil, delivery.userID)
    }
}
