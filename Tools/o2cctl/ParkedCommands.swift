import Foundation
import Logging
import O2CAMQP
import O2CContracts

/// `parked list|inspect|replay <service>`: what waits in `<service>.parked` and putting it back.
enum ParkedCommands {
    static func run(_ arguments: inout Arguments) async throws {
        let all = arguments.flag("all")
        let messageID = try arguments.option("message-id")
        let limit = try arguments.integer("limit", default: 1000, in: 1...10_000)
        let action = try arguments.positional("list|inspect|replay")
        let queue = ParkedQueue(amqp: try CLIEnvironment.amqp(), service: try arguments.positional("service"))
        switch action {
        case "list":
            try arguments.finish()
            try await list(queue, limit: limit)
        case "inspect":
            let text = try arguments.positional("n")
            try arguments.finish()
            guard let n = Int(text), n >= 1 else { throw CLIError.usage("<n> must be a position from 1, as `parked list` shows") }
            try await inspect(queue, position: n)
        case "replay":
            try arguments.finish()
            guard all != (messageID != nil) else { throw CLIError.usage("parked replay needs exactly one of --all or --message-id ID") }
            try await replay(queue, messageID: messageID, limit: limit)
        default:
            throw CLIError.usage("parked takes list, inspect or replay, not \"\(action)\"")
        }
    }

    static func list(_ queue: ParkedQueue, limit: Int) async throws {
        let (consumer, messages) = try await queue.fetch(limit: limit)
        await consumer.close()
        CLIEnvironment.write("\(messages.count) message(s) in \(queue.name)")
        guard !messages.isEmpty else { return }
        CLIEnvironment.write("N\tMESSAGE ID\tROUTING KEY\tATTEMPTS\tPARKED AT\tREASON")
        for (index, message) in messages.enumerated() {
            let headers = message.headers
            CLIEnvironment.write(
                [
                    String(index + 1), message.messageID ?? "-",
                    headers[MessageHeaders.originalRoutingKey]?.stringValue ?? message.type ?? message.routingKey,
                    headers[MessageHeaders.attempt].map(render) ?? "-", headers[MessageHeaders.parkedAt]?.stringValue ?? "-",
                    headers[MessageHeaders.parkedReason]?.stringValue ?? deathReason(headers) ?? "-",
                ].joined(separator: "\t"))
        }
    }

    static func inspect(_ queue: ParkedQueue, position: Int) async throws {
        let (consumer, messages) = try await queue.fetch(limit: position)
        await consumer.close()
        guard position <= messages.count else {
            throw CLIError(message: "\(queue.name) holds \(messages.count) message(s); no #\(position)")
        }
        let message = messages[position - 1]
        let headers = message.headers
        var lines = [
            "queue: \(queue.name) #\(position)",
            "reason: \(headers[MessageHeaders.parkedReason]?.stringValue ?? deathReason(headers) ?? "-")",
            "kind: \(headers[MessageHeaders.parkedKind]?.stringValue ?? "-")",
            "from: \(headers[MessageHeaders.parkedFrom]?.stringValue ?? "-")",
            "attempts: \(headers[MessageHeaders.attempt].map(render) ?? "-")",
            "parked at: \(headers[MessageHeaders.parkedAt]?.stringValue ?? "-")",
            "original: \(headers[MessageHeaders.originalExchange]?.stringValue ?? "-") "
                + (headers[MessageHeaders.originalRoutingKey]?.stringValue ?? message.type ?? "-"),
            "message_id: \(message.messageID ?? "-")",
            "correlation_id: \(message.correlationID ?? "-")",
            "type: \(message.type ?? "-")",
            "timestamp: \(message.timestamp.map(CLIEnvironment.iso8601.string(from:)) ?? "-")",
            "headers:",
        ]
        lines += headers.keys.sorted().map { "  \($0): \(render(headers[$0]!))" }
        lines.append("body:")
        lines.append(prettyBody(message.body))
        CLIEnvironment.write(lines.joined(separator: "\n"))
    }

    /// Rejects each chosen message without requeueing it: the parked queue dead-letters it back into the
    /// queue it was parked from, with its properties and headers untouched — above all the `user_id` the
    /// broker vouched for — so the consumer checks its producer again, and the inbox makes a message that
    /// was already handled a duplicate. What is not chosen goes back to the parked queue in its order.
    static func replay(_ queue: ParkedQueue, messageID: String?, limit: Int) async throws {
        let (consumer, messages) = try await queue.fetch(limit: limit)
        var replayed = 0
        var failures: [String] = []
        for message in messages where messageID == nil || message.messageID == messageID {
            do {
                try await consumer.reject(message, requeue: false)
                replayed += 1
                CLIEnvironment.write("replayed \(message.messageID ?? "-") to \(queue.service)")
            } catch {
                failures.append("\(message.messageID ?? "?"): \(error)")
            }
        }
        await consumer.close()
        if let messageID, replayed == 0, failures.isEmpty { throw CLIError(message: "no message \(messageID) in \(queue.name)") }
        CLIEnvironment.write("\(replayed) replayed, \(failures.count) left parked")
        if !failures.isEmpty { throw CLIError(message: "not replayed (still parked): \(failures.joined(separator: "; "))") }
    }

    /// The broker's reason when it dead-lettered the message itself (e.g. `delivery_limit`).
    static func deathReason(_ headers: [String: AMQPFieldValue]) -> String? {
        guard let death = headers["x-death"]?.arrayValue?.first?.tableValue,
            let reason = death["reason"]?.stringValue
        else { return headers["x-first-death-reason"]?.stringValue }
        return "broker dead-lettered: \(reason)"
    }

    static func render(_ value: AMQPFieldValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        case .array(let values): "[" + values.map(render).joined(separator: ", ") + "]"
        case .table(let table): "{" + table.keys.sorted().map { "\($0): \(render(table[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    static func prettyBody(_ body: [UInt8]) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        {
            return String(decoding: data, as: UTF8.self)
        }
        return String(decoding: body, as: UTF8.self)
    }
}
