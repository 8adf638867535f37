import Foundation
import Logging
import O2CContracts
import O2CPostgres

/// A message as a handler sees it.
package struct IncomingMessage: Sendable {
    package var messageID: String
    /// The routing key it was published with (its `type`), also after a delayed retry.
    package var routingKey: String
    package var correlationID: String?
    package var causationID: String?
    package var producer: String?
    package var timestamp: Date?
    package var body: [UInt8]
    /// 1 on the first try, 2 on the first retry, ...
    package var attempt: Int
}

/// What a handler gets: the message and the transaction in which its effects, its outgoing messages
/// and the message's inbox row commit together.
package struct MessageContext: Sendable {
    package let message: IncomingMessage
    package let connection: PostgresConnection
    package let outbox: Outbox
    package let now: Date
    package let logger: Logger

    /// An event caused by this message, correlated with the same order or return.
    package func event<E: EventContract>(_ event: E, correlationID: String? = nil) throws -> OutgoingMessage {
        try OutgoingMessage.event(
            event, correlationID: correlationID ?? message.correlationID ?? message.messageID, causationID: message.messageID)
    }
}

/// A handler for one routing key.
package struct MessageHandler: Sendable {
    package let routingKey: String
    let handle: @Sendable (MessageContext) async throws -> Void

    package init(routingKey: String, handle: @escaping @Sendable (MessageContext) async throws -> Void) {
        self.routingKey = routingKey
        self.handle = handle
    }

    /// A handler for an event of the contracts catalogue. A body that does not decode is parked at
    /// once: retrying cannot fix it.
    package static func on<E: EventContract>(
        _ type: E.Type, _ body: @escaping @Sendable (E, MessageContext) async throws -> Void
    ) -> MessageHandler {
        MessageHandler(routingKey: E.routingKey) { context in
            let event: E
            do {
                event = try JSONCoding.decoder.decode(E.self, from: Data(context.message.body))
            } catch {
                throw MessagingError.undecodable("body is not a valid \(E.routingKey): \(error)")
            }
            try await body(event, context)
        }
    }
}

/// Errors the messaging layer raises itself.
package enum MessagingError: Error, CustomStringConvertible, Sendable {
    /// The message can never be read as it is (bad JSON, missing id, no handler): parked at once as `poison`.
    /// A readable message a business rule refuses throws a `RuleViolation` instead (parked as `refused`).
    case undecodable(String)
    /// Another writer changed a saga between our read and write (should not happen under the row lock).
    case concurrentModification(String)

    package var description: String {
        switch self {
        case .undecodable(let reason): "undecodable message: \(reason)"
        case .concurrentModification(let what): "concurrent modification of \(what)"
        }
    }
}

/// Why a message was parked, as the `x-o2c-parked-kind` header says: a poison message and a business refusal
/// are told apart (`o2cctl parked` shows it; an operator replays a refusal after fixing the data, never a
/// poison message).
package enum ParkedKind: String, Sendable, CaseIterable {
    /// It can never be read as it is: no message id, no handler for its routing key, a body that does not decode.
    case poison
    /// The broker does not vouch for its producer (a forged or unvalidated `user_id`).
    case unverified
    /// Readable, but a business rule refuses it (a `RuleViolation` such as `validation_failed` or
    /// `invoice_mismatch`, an amount beyond the bounds): retrying cannot change the answer.
    case refused
    /// The handler failed on the first try and on every retry tier.
    case exhausted
}
