import Foundation
import O2CPostgres

/// Writes outgoing messages as outbox rows on the connection of the transaction that makes the state
/// change, so that both commit or neither does. The relay publishes them after commit.
package struct Outbox: Sendable {
    package let schema: String

    package init(schema: String) { self.schema = schema }

    package func enqueue(_ messages: [OutgoingMessage], on connection: PostgresConnection) async throws {
        for message in messages {
            try await connection.query(
                """
                insert into \(identifier: schema).outbox (message_id, exchange, routing_key, correlation_id, causation_id, headers, body)
                values (\(message.messageID), \(message.exchange), \(message.routingKey), \(message.correlationID), \(message.causationID), \(Self.encodeHeaders(message.headers))::jsonb, \(message.body))
                """)
        }
    }

    static func encodeHeaders(_ headers: [String: String]) -> String {
        let data = (try? JSONCoding.encoder.encode(headers)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
