import Foundation
import O2CAMQP
import O2CContracts

/// A service's `<service>.parked` queue, read without taking anything away: every message is fetched
/// and held unacknowledged; what is not explicitly acked goes back to the queue when the connection
/// closes (in the same order).
struct ParkedQueue {
    let amqp: AMQPConfiguration
    let name: String

    init(amqp: AMQPConfiguration, service: String) {
        self.amqp = amqp
        self.name = service.hasSuffix(".parked") ? service : "\(service).parked"
    }

    /// Holds up to `limit` parked messages; call `close()` on the consumer to give back what was not acked.
    func fetch(limit: Int) async throws -> (consumer: AMQPConsumer, messages: [AMQPDelivery]) {
        let admin = AMQPAdmin(configuration: amqp, logger: CLIEnvironment.logger)
        let ready: Int
        do { ready = try await admin.queueStatus(name).messages }
        catch { await admin.close(); throw CLIError(message: "cannot read queue \(name) on \(amqp.host):\(amqp.port) vhost \(amqp.vhost): \(error)") }
        await admin.close()
        let wanted = min(ready, limit)
        let consumer = AMQPConsumer(
            configuration: amqp, topology: AMQPTopology(), queue: name, prefetch: UInt16(max(1, min(wanted, 1000))),
            logger: CLIEnvironment.logger)
        var messages: [AMQPDelivery] = []
        guard wanted > 0 else { return (consumer, messages) }
        try await consumer.connect()
        var quiet = ContinuousClock.now + .seconds(5)
        while messages.count < wanted && ContinuousClock.now < quiet {
            if let delivery = try await consumer.next(timeout: .milliseconds(250)) {
                messages.append(delivery)
                quiet = ContinuousClock.now + .seconds(5)
            }
        }
        return (consumer, messages)
    }

    /// The message as first published: the original exchange and routing key (kept in headers by the
    /// consumer that parked it; else the events exchange and the `type` property), the same message id,
    /// and the headers without the parking and dead-lettering ones.
    static func replayCopy(of delivery: AMQPDelivery, now: Date = Date()) throws(CLIError) -> AMQPOutgoingMessage {
        guard let messageID = delivery.messageID, !messageID.isEmpty else {
            throw CLIError(message: "message has no message_id; replaying it would lose consumers' de-duplication")
        }
        let exchange = delivery.headers[MessageHeaders.originalExchange]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            ?? MessageHeaders.eventsExchange
        guard let routingKey = delivery.headers[MessageHeaders.originalRoutingKey]?.stringValue ?? delivery.type, !routingKey.isEmpty else {
            throw CLIError(message: "message \(messageID) has no original routing key (header or type)")
        }
        var headers = delivery.headers
        for name in strippedHeaders { headers[name] = nil }
        for name in headers.keys where name.hasPrefix("x-first-death-") || name.hasPrefix("x-last-death-") { headers[name] = nil }
        headers["x-o2c-replayed-at"] = .string(CLIEnvironment.iso8601.string(from: now))
        return AMQPOutgoingMessage(
            exchange: exchange, routingKey: routingKey, body: delivery.body, messageID: messageID,
            correlationID: delivery.correlationID, type: delivery.type ?? routingKey, timestamp: delivery.timestamp ?? now,
            contentType: delivery.contentType ?? "application/json", headers: headers, persistent: true, mandatory: true)
    }

    static let strippedHeaders = [
        MessageHeaders.parkedReason, MessageHeaders.parkedFrom, MessageHeaders.parkedAt, MessageHeaders.attempt,
        MessageHeaders.originalExchange, MessageHeaders.originalRoutingKey, "x-death", "x-delivery-count",
    ]
}
