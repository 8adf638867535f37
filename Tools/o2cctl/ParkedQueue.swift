import Foundation
import O2CAMQP
import O2CContracts

/// A service's `<service>.parked` queue, read without taking anything away: every message is fetched
/// and held unacknowledged; what is not explicitly acked goes back to the queue when the connection
/// closes (in the same order).
struct ParkedQueue {
    let amqp: AMQPConfiguration
    /// The queue it belongs to (where a replayed message goes back to).
    let service: String
    let name: String

    init(amqp: AMQPConfiguration, service: String) {
        self.amqp = amqp
        self.service = service.hasSuffix(".parked") ? String(service.dropLast(".parked".count)) : service
        self.name = "\(self.service).parked"
    }

    /// Holds up to `limit` parked messages; call `close()` on the consumer to give back what was not acked.
    func fetch(limit: Int) async throws -> (consumer: AMQPConsumer, messages: [AMQPDelivery]) {
        let admin = AMQPAdmin(configuration: amqp, logger: CLIEnvironment.logger)
        let ready: Int
        do { ready = try await admin.queueStatus(name).messages } catch {
            await admin.close();
            throw CLIError(message: "cannot read queue \(name) on \(amqp.host):\(amqp.port) vhost \(amqp.vhost): \(error)")
        }
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
}
