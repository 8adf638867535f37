import CAMQP
import Foundation
import Logging
import O2CAMQP

/// Confirmed-publish and ack'd-consume throughput through the adapter versus librabbitmq-c called
/// directly, with the same connection settings (heartbeat, frame size, properties, prefetch).
struct AMQPBenchmarkReport: Sendable {
    var messages: Int
    var batch: Int
    /// Messages per second.
    var publishSwift: Double
    var publishRaw: Double
    var consumeSwift: Double
    var consumeRaw: Double

    func printTable() {
        func row(_ name: String, _ swift: Double, _ raw: Double) -> String {
            let ratio = raw > 0 ? swift / raw : 0
            return name.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "%12.0f %12.0f %9.2f", swift, raw, ratio)
        }
        print("AMQP: \(messages) persistent 512-byte messages, quorum queues, confirm batch \(batch), prefetch 200")
        print("measure".padding(toLength: 34, withPad: " ", startingAt: 0) + "  Swift msg/s    raw msg/s  Swift/raw")
        print(row("publish, confirmed per batch", publishSwift, publishRaw))
        print(row("consume, ack each", consumeSwift, consumeRaw))
    }
}

enum AMQPBenchmark {
    static let bodySize = 512
    static let prefetch: UInt16 = 200

    static func run(amqpURL: String, messages: Int = 20_000, batch: Int = 200) async throws -> AMQPBenchmarkReport {
        var configuration = try AMQPConfiguration(url: amqpURL, connectionName: "o2c-bench")
        configuration.heartbeatSeconds = 10
        var logger = Logger(label: "o2c-bench.amqp")
        logger.logLevel = .warning
        let admin = AMQPAdmin(configuration: configuration, logger: logger)
        let suffix = UInt32.random(in: 0...UInt32.max)
        let swiftQueue = "bench.amqp.swift.\(suffix)", rawQueue = "bench.amqp.raw.\(suffix)"
        let queueArguments: [String: AMQPFieldValue] = ["x-queue-type": "quorum"]
        let body = [UInt8](repeating: UInt8(ascii: "x"), count: bodySize)

        // Swift adapter: publish.
        let topology = AMQPTopology(queues: [.init(name: swiftQueue, arguments: queueArguments)])
        let publisher = AMQPPublisher(configuration: configuration, topology: topology, logger: logger)
        try await publisher.connect()
        let publishSwift = try await rate(messages) {
            var sent = 0
            while sent < messages {
                let count = min(batch, messages - sent)
                let outgoing = (sent..<sent + count).map {
                    AMQPOutgoingMessage(exchange: "", routingKey: swiftQueue, body: body, messageID: "m-\($0)")
                }
                try await publisher.publish(outgoing)
                sent += count
            }
        }
        await publisher.close()

        // Raw librabbitmq-c: publish.
        let raw = try RawAMQP(configuration)
        defer { raw.close() }
        try raw.declareQuorumQueue(rawQueue)
        let publishRaw = try await rate(messages) {
            try await onOwnThread { try raw.publish(messages: messages, batch: batch, queue: rawQueue, body: body) }
        }

        // Swift adapter: consume and ack.
        let consumer = AMQPConsumer(
            configuration: configuration, topology: topology, queue: swiftQueue, prefetch: prefetch, logger: logger)
        try await consumer.connect()
        let consumeSwift = try await rate(messages) {
            var received = 0
            while received < messages {
                guard let delivery = try await consumer.next(timeout: .seconds(10)) else {
                    throw BenchmarkError("Swift consumer: only \(received) of \(messages) messages arrived")
                }
                try await consumer.ack(delivery)
                received += 1
            }
        }
        await consumer.close()

        // Raw librabbitmq-c: consume and ack.
        let consumeRaw = try await rate(messages) {
            try await onOwnThread { try raw.consume(messages: messages, queue: rawQueue, prefetch: prefetch) }
        }

        try await admin.deleteQueue(swiftQueue)
        try await admin.deleteQueue(rawQueue)
        await admin.close()
        return AMQPBenchmarkReport(
            messages: messages, batch: batch, publishSwift: publishSwift, publishRaw: publishRaw,
            consumeSwift: consumeSwift, consumeRaw: consumeRaw)
    }

    /// Messages per second for `body`.
    static func rate(_ messages: Int, _ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(messages) / seconds
    }

    /// Runs the blocking raw loop on a thread of its own, off the cooperative pool.
    static func onOwnThread(_ work: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread {
                do {
                    try work()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
