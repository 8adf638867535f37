/// Names of the AMQP exchange, properties and headers that CONTRACT.md "Events on the broker" fixes,
/// and of the headers the platform adds when it retries or parks a message.
package enum MessageHeaders {
    /// The one durable topic exchange every event is published on.
    package static let eventsExchange = "o2c.events"

    package static let causationID = "causation_id"
    package static let producer = "producer"
    package static let traceparent = "traceparent"

    /// How many times the consumer has tried the message (1 on the first delivery).
    package static let attempt = "x-o2c-attempt"
    /// Why the message was parked (a sentence), set on messages in `<service>.parked`.
    package static let parkedReason = "x-o2c-parked-reason"
    /// The queue the message was consumed from when it was parked.
    package static let parkedFrom = "x-o2c-parked-from"
    /// Why, as a word (`ParkedKind`): `poison` (it can never be read: no id, no handler, a body that does not
    /// decode), `unverified` (the broker does not vouch for its producer), `refused` (readable, but a business
    /// rule refuses it; retrying cannot help), `exhausted` (it failed on every retry tier).
    package static let parkedKind = "x-o2c-parked-kind"
    package static let parkedAt = "x-o2c-parked-at"
    /// Exchange and routing key of the original publish, so a parked message can be replayed as it was.
    package static let originalExchange = "x-o2c-original-exchange"
    package static let originalRoutingKey = "x-o2c-original-routing-key"
    /// The broker user that published the original message, as the consumer that forwarded this copy
    /// (to a retry tier or the parked queue) verified it; absent when the original carried no `user_id`.
    /// Trusted only on a copy whose own `user_id` is the consuming service's user.
    package static let verifiedProducer = "x-o2c-verified-producer"
}
