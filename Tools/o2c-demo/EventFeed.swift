import Foundation
import Logging
import O2CAMQP
import O2CContracts

/// What an outside system sees of the suite: every message on `o2c.events`, through a queue of its own
/// (`o2c-reader.bench-<run>`, bound to `#`, deleted by the broker 30 s after the feed stops), sorted by
/// order into mailboxes the drivers wait on. Nothing is polled: a driver's `next` suspends until the
/// consumer hands it an event, or until its timeout fires.
///
/// A message is believed only when its `user_id` is the service its routing key names (docs/SECURITY.md);
/// the others are counted and dropped. Events of orders nobody waits for yet (the contract signed, its
/// HTTP answer still on the way) are kept in their order's mailbox until the driver claims it; at most
/// `unclaimedLimit` such mailboxes are kept (events of other clients' orders are dropped oldest first).
actor EventFeed {
    struct Event: Sendable {
        let routingKey: String
        let orderId: String
        let fields: [String: String]
        let receivedAt: ContinuousClock.Instant
        subscript(_ field: String) -> String? { fields[field] }
    }

    private struct Mailbox {
        var events: [Event] = []
        var waiter: CheckedContinuation<Event?, Never>?
        var waiterToken = 0
        var timer: Task<Void, Never>?
        var claimed = false
    }

    let queue: String
    private let consumer: AMQPConsumer
    private var mailboxes: [String: Mailbox] = [:]
    private var unclaimed: [String] = []
    private let unclaimedLimit = 20_000
    private var reader: Task<Void, Never>?
    private(set) var received = 0
    private(set) var untrusted = 0
    private(set) var failure: String?

    init(url: String, runId: String, logger: Logger) throws {
        let configuration = try AMQPConfiguration(url: url, connectionName: "o2c-demo-\(runId)")
        let queue = "o2c-reader.bench-\(runId.lowercased())"
        let topology = AMQPTopology(
            exchanges: [.init(name: "o2c.events", type: "topic", passive: true)],
            queues: [.init(name: queue, durable: false, arguments: ["x-expires": .int(30_000)])],
            bindings: [.init(queue: queue, exchange: "o2c.events", routingKey: "#")])
        self.queue = queue
        self.consumer = AMQPConsumer(configuration: configuration, topology: topology, queue: queue, prefetch: 1000, logger: logger)
    }

    /// Declares and binds the queue and starts reading it; events published from now on reach the drivers.
    func start() async throws {
        try await consumer.connect()
        let consumer = consumer
        reader = Task { [weak self] in
            while !Task.isCancelled {
                do {
                    guard let delivery = try await consumer.next(timeout: .seconds(1)) else { continue }
                    try await consumer.ack(delivery)
                    await self?.route(delivery)
                } catch {
                    await self?.lost("\(error)")
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
        }
    }

    func stop() async {
        reader?.cancel()
        await reader?.value
        await consumer.cancel()
        await consumer.close()
    }

    private func lost(_ message: String) { failure = message }

    private func route(_ delivery: AMQPDelivery) {
        received += 1
        let key = delivery.routingKey
        // The broker user of the service whose events the key's first segment names (`finance.*` → finance-collections).
        guard let prefix = key.split(separator: ".").first.map(String.init),
            let publisher = ServiceName.allCases.first(where: { $0.eventPrefix == prefix }),
            delivery.userID == publisher.rawValue
        else {
            untrusted += 1
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(delivery.body)) as? [String: Any],
            let orderId = object["orderId"] as? String
        else { return }
        var fields: [String: String] = [:]
        for (name, value) in object {
            if let text = value as? String {
                fields[name] = text
            } else if let number = value as? NSNumber {
                fields[name] = number.stringValue
            }
        }
        deliver(Event(routingKey: key, orderId: orderId, fields: fields, receivedAt: .now))
    }

    private func deliver(_ event: Event) {
        var mailbox = mailboxes[event.orderId] ?? Mailbox()
        if mailboxes[event.orderId] == nil {
            unclaimed.append(event.orderId)
            if unclaimed.count > unclaimedLimit {
                let excess = unclaimed.count - unclaimedLimit
                let dropped = unclaimed.prefix(excess)
                unclaimed.removeFirst(excess)
                for id in dropped where mailboxes[id]?.claimed == false { mailboxes[id] = nil }
            }
        }
        if let waiter = mailbox.waiter {
            mailbox.waiter = nil
            mailbox.timer?.cancel()
            mailbox.timer = nil
            mailboxes[event.orderId] = mailbox
            waiter.resume(returning: event)
        } else {
            mailbox.events.append(event)
            mailboxes[event.orderId] = mailbox
        }
    }

    /// The next event of `orderId` (those that came before the call first, in order), or `nil` when none
    /// came within `timeout`. One waiter per order.
    func next(_ orderId: String, timeout: Duration) async -> Event? {
        var mailbox = mailboxes[orderId] ?? Mailbox()
        mailbox.claimed = true
        if !mailbox.events.isEmpty {
            let event = mailbox.events.removeFirst()
            mailboxes[orderId] = mailbox
            return event
        }
        mailbox.waiterToken += 1
        let token = mailbox.waiterToken
        mailboxes[orderId] = mailbox
        return await withCheckedContinuation { continuation in
            mailboxes[orderId]?.waiter = continuation
            mailboxes[orderId]?.timer = Task { [weak self] in
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { await self?.expire(orderId, token: token) }
            }
        }
    }

    private func expire(_ orderId: String, token: Int) {
        guard var mailbox = mailboxes[orderId], mailbox.waiterToken == token, let waiter = mailbox.waiter else { return }
        mailbox.waiter = nil
        mailbox.timer = nil
        mailboxes[orderId] = mailbox
        waiter.resume(returning: nil)
    }

    /// The order is done: its mailbox goes (late events for it are then kept as unclaimed, then dropped).
    func finish(_ orderId: String) {
        mailboxes[orderId]?.timer?.cancel()
        mailboxes[orderId] = nil
    }
}
