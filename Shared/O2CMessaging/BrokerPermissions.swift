import O2CContracts

/// What one broker user may do in the suite's virtual host (CONTRACT.md "Broker identity"), in
/// RabbitMQ's terms: regular permissions (regular expressions over exchange and queue names) and topic
/// permissions on `o2c.events` (over routing keys). `o2cctl topology` writes them into the definitions
/// file; `scripts/infra.sh` and the test harness apply the same ones.
package struct BrokerPermissions: Sendable, Hashable {
    package var user: String
    /// Declare and delete: the user's own queues and forward exchange.
    package var configure: String
    /// Publish to (exchanges) and bind (queues).
    package var write: String
    /// Consume (queues) and bind from (exchanges).
    package var read: String
    /// Routing keys the user may publish on `o2c.events` (`^$`: none; a reader has no write on the
    /// exchange either).
    package var topicWrite: String
    /// Routing keys the user may bind its queues to on `o2c.events`.
    package var topicRead: String

    /// A service: publishes on `o2c.events` only its own routing keys, reads only its own queues, writes
    /// only its own retry and parked queues (through its forward exchange).
    package static func service(_ service: ServiceName) -> BrokerPermissions {
        let own = "\(escaped(service.rawValue))(\\..+)?"
        let events = escaped(MessageHeaders.eventsExchange)
        return BrokerPermissions(
            user: service.rawValue, configure: "^\(own)$", write: "^(\(events)|\(own))$", read: "^(\(events)|\(own))$",
            topicWrite: "^\(escaped(service.eventPrefix))\\.", topicRead: ".*")
    }

    /// An outside system that follows the events (a warehouse or finance system): it may declare queues
    /// named `<user>.<anything>`, bind them to `o2c.events` and read them; it publishes nothing.
    package static func reader(_ user: String) -> BrokerPermissions {
        let own = "\(escaped(user))\\..+"
        let events = escaped(MessageHeaders.eventsExchange)
        return BrokerPermissions(
            user: user, configure: "^\(own)$", write: "^\(own)$", read: "^(\(events)|\(own))$", topicWrite: "^$",
            topicRead: ".*")
    }

    /// The template reader user the definitions carry.
    package static let standardReader = "o2c-reader"

    /// Every user of the suite: the five services and the template reader.
    package static var all: [BrokerPermissions] {
        ServiceName.allCases.map(service) + [reader(standardReader)]
    }

    static func escaped(_ name: String) -> String {
        var text = ""
        for character in name {
            if ".^$*+?()[]{}|\\".contains(character) { text.append("\\") }
            text.append(character)
        }
        return text
    }
}
