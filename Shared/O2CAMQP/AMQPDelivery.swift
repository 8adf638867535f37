import CAMQP
import Foundation

/// A message received by an `AMQPConsumer`, copied out of librabbitmq's buffers.
package struct AMQPDelivery: Sendable {
    package var deliveryTag: UInt64
    /// Which connection of the consumer it arrived on; tags are only valid on that connection.
    package var generation: UInt64
    package var exchange: String
    package var routingKey: String
    package var redelivered: Bool
    package var body: [UInt8]
    package var messageID: String?
    package var correlationID: String?
    package var type: String?
    /// The AMQP `user_id` property: the producer's broker user, which RabbitMQ validated on publish.
    package var userID: String?
    package var timestamp: Date?
    package var contentType: String?
    package var headers: [String: AMQPFieldValue]

    package init(
        deliveryTag: UInt64, generation: UInt64, exchange: String, routingKey: String, redelivered: Bool,
        body: [UInt8], messageID: String? = nil, correlationID: String? = nil, type: String? = nil,
        userID: String? = nil, timestamp: Date? = nil, contentType: String? = nil, headers: [String: AMQPFieldValue] = [:]
    ) {
        self.deliveryTag = deliveryTag
        self.generation = generation
        self.exchange = exchange
        self.routingKey = routingKey
        self.redelivered = redelivered
        self.body = body
        self.messageID = messageID
        self.correlationID = correlationID
        self.type = type
        self.userID = userID
        self.timestamp = timestamp
        self.contentType = contentType
        self.headers = headers
    }

    init(envelope: amqp_envelope_t, generation: UInt64) {
        let properties = envelope.message.properties
        func string(_ flag: Int32, _ bytes: amqp_bytes_t) -> String? {
            properties._flags & UInt32(flag) != 0 ? String(amqpBytes: bytes) : nil
        }
        self.init(
            deliveryTag: envelope.delivery_tag, generation: generation,
            exchange: String(amqpBytes: envelope.exchange) ?? "",
            routingKey: String(amqpBytes: envelope.routing_key) ?? "",
            redelivered: envelope.redelivered != 0,
            body: [UInt8](amqpBytes: envelope.message.body),
            messageID: string(AMQP_BASIC_MESSAGE_ID_FLAG, properties.message_id),
            correlationID: string(AMQP_BASIC_CORRELATION_ID_FLAG, properties.correlation_id),
            type: string(AMQP_BASIC_TYPE_FLAG, properties.type),
            userID: string(AMQP_BASIC_USER_ID_FLAG, properties.user_id),
            timestamp: properties._flags & UInt32(AMQP_BASIC_TIMESTAMP_FLAG) != 0
                ? Date(timeIntervalSince1970: TimeInterval(properties.timestamp)) : nil,
            contentType: string(AMQP_BASIC_CONTENT_TYPE_FLAG, properties.content_type),
            headers: properties._flags & UInt32(AMQP_BASIC_HEADERS_FLAG) != 0
                ? AMQPFieldValue.decode(properties.headers) : [:])
    }
}
