import CAMQP
import Foundation

/// A message to publish: routing, body and the basic properties the suite uses.
package struct AMQPOutgoingMessage: Sendable {
    package var exchange: String
    package var routingKey: String
    package var body: [UInt8]
    /// Identifies the message in returns and in `AMQPError.failedMessageIDs`; consumers dedupe on it.
    package var messageID: String
    package var correlationID: String?
    package var type: String?
    /// The AMQP `user_id` property. RabbitMQ refuses a publish whose `user_id` is not the connection's
    /// user, so a consumer can trust it as the producer's identity; the publisher sets it to its own user
    /// when it is nil.
    package var userID: String?
    /// Sent as the AMQP timestamp property, which has one-second resolution.
    package var timestamp: Date
    package var contentType: String
    package var headers: [String: AMQPFieldValue]
    /// delivery_mode 2 when true.
    package var persistent: Bool
    /// When true an unroutable message comes back (basic.return) and `publish` throws `.unroutable`.
    package var mandatory: Bool

    package init(
        exchange: String, routingKey: String, body: [UInt8], messageID: String, correlationID: String? = nil,
        type: String? = nil, userID: String? = nil, timestamp: Date = Date(), contentType: String = "application/json",
        headers: [String: AMQPFieldValue] = [:], persistent: Bool = true, mandatory: Bool = true
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.messageID = messageID
        self.correlationID = correlationID
        self.type = type
        self.userID = userID
        self.timestamp = timestamp
        self.contentType = contentType
        self.headers = headers
        self.persistent = persistent
        self.mandatory = mandatory
    }

    /// The basic properties, built in `arena` (valid until the arena's scope ends).
    func properties(in arena: CArena) -> amqp_basic_properties_t {
        var properties = amqp_basic_properties_t()
        var flags = UInt32(AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG)
        flags |= UInt32(AMQP_BASIC_MESSAGE_ID_FLAG | AMQP_BASIC_TIMESTAMP_FLAG)
        properties.content_type = arena.bytes(contentType)
        properties.delivery_mode = persistent ? 2 : 1
        properties.message_id = arena.bytes(messageID)
        properties.timestamp = UInt64(max(0, timestamp.timeIntervalSince1970.rounded(.down)))
        if let correlationID {
            flags |= UInt32(AMQP_BASIC_CORRELATION_ID_FLAG)
            properties.correlation_id = arena.bytes(correlationID)
        }
        if let type {
            flags |= UInt32(AMQP_BASIC_TYPE_FLAG)
            properties.type = arena.bytes(type)
        }
        if let userID {
            flags |= UInt32(AMQP_BASIC_USER_ID_FLAG)
            properties.user_id = arena.bytes(userID)
        }
        if !headers.isEmpty {
            flags |= UInt32(AMQP_BASIC_HEADERS_FLAG)
            properties.headers = arena.table(headers)
        }
        properties._flags = flags
        return properties
    }
}
