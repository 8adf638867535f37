import Foundation
import O2CContracts

/// A message a handler wants sent: written to the outbox in the handler's transaction and published
/// by the relay after commit, with the properties and headers CONTRACT.md fixes.
package struct OutgoingMessage: Sendable, Equatable {
    package var messageID: String
    package var exchange: String
    package var routingKey: String
    /// The order or return it belongs to.
    package var correlationID: String
    /// The id of the message (or request) that caused it.
    package var causationID: String?
    package var body: String
    package var headers: [String: String]

    package init(
        messageID: String = UUID().uuidString.lowercased(), exchange: String = MessageHeaders.eventsExchange,
        routingKey: String, correlationID: String, causationID: String?, body: String, headers: [String: String] = [:]
    ) {
        self.messageID = messageID
        self.exchange = exchange
        self.routingKey = routingKey
        self.correlationID = correlationID
        self.causationID = causationID
        self.body = body
        self.headers = headers
    }

    /// An event of the contracts catalogue, encoded as the JSON body.
    package static func event<E: EventContract>(
        _ event: E, correlationID: String, causationID: String?, messageID: String = UUID().uuidString.lowercased()
    ) throws -> OutgoingMessage {
        let data = try JSONCoding.encoder.encode(event)
        return OutgoingMessage(
            messageID: messageID, routingKey: E.routingKey, correlationID: correlationID, causationID: causationID,
            body: String(decoding: data, as: UTF8.self))
    }
}

/// The JSON settings every message body uses: RFC 3339 times (decoded within CONTRACT.md's bounds,
/// `Instant.decodingStrategy`), sorted keys (stable bytes for tests).
package enum JSONCoding {
    package static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
    package static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = Instant.decodingStrategy
        return decoder
    }
}
