import Foundation
import Synchronization

/// Faults the adapter can be told to inject, by tests directly or by child processes through the
/// environment (see `AMQPFaultInjector.fromEnvironment`).
package enum AMQPFault: String, Sendable, CaseIterable {
    /// The broker's ack for the next published message is ignored, so `publish` ends with
    /// `.confirmTimeout` for it. The message itself was delivered: a retry makes a duplicate.
    case confirmLost = "amqp.confirm_lost"
    /// After the batch is sent, the socket is shut before the confirms are read → `.connectionLost`.
    case connectionDropsAfterPublish = "amqp.drop_after_publish"
    /// The next `ack()` is not sent and the connection is closed, so the broker redelivers.
    case ackLost = "amqp.ack_lost"
}

/// Counts of armed faults; each `consume` that finds one armed uses it up.
package final class AMQPFaultInjector: Sendable {
    private let armed = Mutex<[AMQPFault: Int]>([:])

    package init() {}

    /// Makes the next `times` occurrences of `fault` fire (adds to what is already armed).
    package func arm(_ fault: AMQPFault, times: Int = 1) {
        guard times > 0 else { return }
        armed.withLock { $0[fault, default: 0] += times }
    }

    /// True (and one fewer armed) when `fault` should fire now.
    package func consume(_ fault: AMQPFault) -> Bool {
        armed.withLock { counts in
            guard let count = counts[fault], count > 0 else { return false }
            counts[fault] = count == 1 ? nil : count - 1
            return true
        }
    }

    /// How many times `fault` is still armed.
    package func remaining(_ fault: AMQPFault) -> Int {
        armed.withLock { $0[fault] ?? 0 }
    }

    /// Parses a list such as `"pg.commit_lost:2,amqp.confirm_lost:1,amqp.ack_lost"` (count defaults
    /// to 1). Keys that are not `amqp.*` faults are someone else's and are skipped. `nil` when no AMQP
    /// fault is armed.
    package static func fromEnvironment(_ value: String?) -> AMQPFaultInjector? {
        guard let value else { return nil }
        let injector = AMQPFaultInjector()
        var any = false
        for item in value.split(separator: ",") {
            let parts = item.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let key = parts.first, let fault = AMQPFault(rawValue: key) else { continue }
            let times = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
            guard times > 0 else { continue }
            injector.arm(fault, times: times)
            any = true
        }
        return any ? injector : nil
    }
}
