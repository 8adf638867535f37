/// The exchanges, queues and bindings a publisher or consumer declares (idempotently) each time it connects.
package struct AMQPTopology: Sendable, Hashable {
    package struct Exchange: Sendable, Hashable {
        package var name: String
        /// "topic", "direct", "fanout" or "headers".
        package var type: String
        package var durable: Bool
        /// Only check that the exchange exists (needs no configure permission on it): for an exchange the
        /// operator's definitions create and a service merely uses.
        package var passive: Bool

        package init(name: String, type: String, durable: Bool = true, passive: Bool = false) {
            self.name = name
            self.type = type
            self.durable = durable
            self.passive = passive
        }
    }

    package struct Queue: Sendable, Hashable {
        package var name: String
        package var durable: Bool
        /// e.g. `["x-queue-type": "quorum", "x-delivery-limit": 5, "x-dead-letter-exchange": "o2c.dlx"]`.
        package var arguments: [String: AMQPFieldValue]

        package init(name: String, durable: Bool = true, arguments: [String: AMQPFieldValue] = [:]) {
            self.name = name
            self.durable = durable
            self.arguments = arguments
        }
    }

    package struct Binding: Sendable, Hashable {
        package var queue: String
        package var exchange: String
        package var routingKey: String

        package init(queue: String, exchange: String, routingKey: String) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }

    package var exchanges: [Exchange]
    package var queues: [Queue]
    package var bindings: [Binding]

    package init(exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }

    /// Both topologies together (duplicates removed, order kept).
    package func merged(with other: AMQPTopology) -> AMQPTopology {
        func union<T: Hashable>(_ a: [T], _ b: [T]) -> [T] {
            var seen = Set<T>()
            return (a + b).filter { seen.insert($0).inserted }
        }
        return AMQPTopology(
            exchanges: union(exchanges, other.exchanges), queues: union(queues, other.queues),
            bindings: union(bindings, other.bindings))
    }
}
