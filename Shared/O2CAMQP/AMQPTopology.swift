/// The exchanges, queues and bindings a publisher or consumer declares (idempotently) each time it connects.
public struct AMQPTopology: Sendable, Hashable {
    public struct Exchange: Sendable, Hashable {
        public var name: String
        /// "topic", "direct", "fanout" or "headers".
        public var type: String
        public var durable: Bool
        /// Only check that the exchange exists (needs no configure permission on it): for an exchange the
        /// operator's definitions create and a service merely uses.
        public var passive: Bool

        public init(name: String, type: String, durable: Bool = true, passive: Bool = false) {
            self.name = name
            self.type = type
            self.durable = durable
            self.passive = passive
        }
    }

    public struct Queue: Sendable, Hashable {
        public var name: String
        public var durable: Bool
        /// e.g. `["x-queue-type": "quorum", "x-delivery-limit": 5, "x-dead-letter-exchange": "o2c.dlx"]`.
        public var arguments: [String: AMQPFieldValue]

        public init(name: String, durable: Bool = true, arguments: [String: AMQPFieldValue] = [:]) {
            self.name = name
            self.durable = durable
            self.arguments = arguments
        }
    }

    public struct Binding: Sendable, Hashable {
        public var queue: String
        public var exchange: String
        public var routingKey: String

        public init(queue: String, exchange: String, routingKey: String) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }

    public var exchanges: [Exchange]
    public var queues: [Queue]
    public var bindings: [Binding]

    public init(exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }

    /// Both topologies together (duplicates removed, order kept).
    public func merged(with other: AMQPTopology) -> AMQPTopology {
        func union<T: Hashable>(_ a: [T], _ b: [T]) -> [T] {
            var seen = Set<T>()
            return (a + b).filter { seen.insert($0).inserted }
        }
        return AMQPTopology(
            exchanges: union(exchanges, other.exchanges), queues: union(queues, other.queues),
            bindings: union(bindings, other.bindings))
    }
}
