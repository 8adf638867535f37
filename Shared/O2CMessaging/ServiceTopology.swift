import Foundation
import O2CAMQP
import O2CContracts

/// The broker objects one service declares at start (and again after every reconnect), derived from
/// its name, the routing keys it consumes and its retry tiers:
///
/// - the `o2c.events` topic exchange, declared passively: the operator's definitions (or `scripts/infra.sh`)
///   create it, and a service's broker user has no right to configure it;
/// Every quorum queue is replicated on `quorumGroupSize` nodes of a cluster (three by default).
///
/// - `<queue>`: a durable quorum queue bound to the keys, with `x-delivery-limit` so that a message
///   that keeps killing its consumer is dead-lettered to `<queue>.parked` by the broker itself (at least
///   once: a full parked queue makes the broker keep it, never drop it);
/// - `<queue>.forward`: a direct exchange of the service's own through which it puts copies into its
///   retry and parked queues, and through which the broker dead-letters between them and `<queue>`
///   (the service's broker user may write nowhere else but `o2c.events`, not even the default
///   exchange, which a dead-letter target must be writable for);
/// - `<queue>.retry.<delay>`: one durable quorum queue per tier whose TTL dead-letters back into `<queue>`
///   (delayed retries without a broker plugin; at least once), at most `retryLimit` messages — a quorum
///   queue, so that it survives the loss of the node a classic queue would live on;
/// - `<queue>.parked`: a durable quorum queue where messages wait for a person, with the reason in
///   their headers, at most `parkedLimit` messages; a message rejected from it (`o2cctl parked replay`)
///   is dead-lettered back into `<queue>` with its properties, so the producer check still applies;
/// - `<queue>.notifications`, when the service publishes broadcasts no service consumes: a bounded
///   quorum queue (newest 100,000 kept) bound to those keys, so that they are routable under
///   `mandatory` and an operator or a late-coming system can read them.
///
/// The retry and parked queues refuse new messages when full (`reject-publish`): nothing old is dropped;
/// the consumer holds what it cannot forward.
package struct ServiceTopology: Sendable, Hashable {
    package var queue: String
    package var bindings: [String]
    package var retryDelays: [Duration]
    package var deliveryLimit: Int
    package var notifications: [String]
    package var parkedLimit: Int
    package var retryLimit: Int
    /// `x-quorum-initial-group-size` of every quorum queue: on how many nodes of a cluster each is
    /// replicated (the broker takes fewer when the cluster is smaller). Part of a queue's identity: a
    /// service whose setting differs from the queue's is refused at its declaration, at start.
    package var quorumGroupSize: Int

    package static let standardParkedLimit = 100_000
    package static let standardRetryLimit = 100_000
    /// Three replicas: a quorum queue survives the loss of one node.
    package static let standardQuorumGroupSize = 3
    /// The group sizes a service accepts (`O2C_QUORUM_GROUP_SIZE`).
    package static let quorumGroupSizes = 1...7

    package init(
        queue: String, bindings: [String], retryDelays: [Duration] = RetryPolicy.standardDelays, deliveryLimit: Int = 10,
        notifications: [String] = [], parkedLimit: Int = standardParkedLimit, retryLimit: Int = standardRetryLimit,
        quorumGroupSize: Int = standardQuorumGroupSize
    ) {
        self.queue = queue
        self.bindings = bindings
        self.retryDelays = retryDelays
        self.deliveryLimit = deliveryLimit
        self.notifications = notifications
        self.parkedLimit = parkedLimit
        self.retryLimit = retryLimit
        self.quorumGroupSize = quorumGroupSize
    }

    /// The service's own direct exchange for copies into its retry and parked queues.
    package var forwardExchange: String { "\(queue).forward" }

    /// `retry` or `parked` for one of this topology's queues (a closed set, for metric labels).
    package func kind(of queueName: String) -> String {
        queueName == parkedQueue ? "parked" : "retry"
    }

    package var notificationsQueue: String { "\(queue).notifications" }

    package var parkedQueue: String { "\(queue).parked" }

    package func retryQueue(forAttempt attempt: Int) -> String? {
        guard attempt >= 1, attempt <= retryDelays.count else { return nil }
        return retryQueueName(retryDelays[attempt - 1])
    }

    package var amqpTopology: AMQPTopology {
        var queues = [
            AMQPTopology.Queue(
                name: queue, durable: true,
                arguments: [
                    "x-queue-type": .string("quorum"),
                    "x-quorum-initial-group-size": .int(Int64(quorumGroupSize)),
                    "x-delivery-limit": .int(Int64(deliveryLimit)),
                    "x-dead-letter-exchange": .string(forwardExchange),
                    "x-dead-letter-routing-key": .string(parkedQueue),
                    "x-dead-letter-strategy": .string("at-least-once"),
                    "x-overflow": .string("reject-publish"),
                ]),
            AMQPTopology.Queue(
                name: parkedQueue, durable: true,
                arguments: [
                    "x-queue-type": .string("quorum"),
                    "x-quorum-initial-group-size": .int(Int64(quorumGroupSize)),
                    "x-max-length": .int(Int64(parkedLimit)),
                    "x-overflow": .string("reject-publish"),
                    "x-dead-letter-exchange": .string(forwardExchange),
                    "x-dead-letter-routing-key": .string(queue),
                    "x-dead-letter-strategy": .string("at-least-once"),
                ]),
        ]
        for delay in retryDelays {
            queues.append(
                AMQPTopology.Queue(
                    name: retryQueueName(delay), durable: true,
                    arguments: [
                        "x-queue-type": .string("quorum"),
                        "x-quorum-initial-group-size": .int(Int64(quorumGroupSize)),
                        "x-message-ttl": .int(delay.milliseconds),
                        "x-max-length": .int(Int64(retryLimit)),
                        "x-overflow": .string("reject-publish"),
                        "x-dead-letter-exchange": .string(forwardExchange),
                        "x-dead-letter-routing-key": .string(queue),
                        "x-dead-letter-strategy": .string("at-least-once"),
                    ]))
        }
        var routes = bindings.map { AMQPTopology.Binding(queue: queue, exchange: MessageHeaders.eventsExchange, routingKey: $0) }
        routes += ([queue, parkedQueue] + retryDelays.map(retryQueueName)).map {
            AMQPTopology.Binding(queue: $0, exchange: forwardExchange, routingKey: $0)
        }
        if !notifications.isEmpty {
            queues.append(
                AMQPTopology.Queue(
                    name: notificationsQueue, durable: true,
                    arguments: [
                        "x-queue-type": .string("quorum"), "x-quorum-initial-group-size": .int(Int64(quorumGroupSize)),
                        "x-max-length": .int(100_000), "x-overflow": .string("drop-head"),
                    ]))
            routes += notifications.map {
                AMQPTopology.Binding(queue: notificationsQueue, exchange: MessageHeaders.eventsExchange, routingKey: $0)
            }
        }
        return AMQPTopology(
            exchanges: [
                AMQPTopology.Exchange(name: MessageHeaders.eventsExchange, type: "topic", durable: true, passive: true),
                AMQPTopology.Exchange(name: forwardExchange, type: "direct", durable: true),
            ],
            queues: queues, bindings: routes)
    }

    private func retryQueueName(_ delay: Duration) -> String {
        let ms = delay.milliseconds
        let label = ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms"
        return "\(queue).retry.\(label)"
    }
}

/// How often and how late a failing message is tried again before it is parked.
package enum RetryPolicy {
    /// 1 s, 10 s, 60 s: three retries after the first try.
    package static let standardDelays: [Duration] = [.seconds(1), .seconds(10), .seconds(60)]

    /// Parses `200ms,1s,1m` (used by tests and operators through `O2C_RETRY_DELAYS`).
    package static func parse(_ text: String) -> [Duration]? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var delays: [Duration] = []
        for part in parts {
            let (number, unit): (Substring, Int64)
            if part.hasSuffix("ms") {
                (number, unit) = (part.dropLast(2), 1)
            } else if part.hasSuffix("s") {
                (number, unit) = (part.dropLast(1), 1000)
            } else if part.hasSuffix("m") {
                (number, unit) = (part.dropLast(1), 60_000)
            } else {
                return nil
            }
            guard let value = Int64(number), value > 0 else { return nil }
            delays.append(.milliseconds(value * unit))
        }
        return delays.isEmpty ? nil : delays
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
