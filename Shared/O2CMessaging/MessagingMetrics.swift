import Metrics

/// The messaging metrics every service exports on `/metrics` (Prometheus names).
enum MessagingMetrics {
    static func published(_ count: Int, service: String) {
        Counter(label: "o2c_messages_published_total", dimensions: [("service", service)]).increment(by: count)
    }
    static func consumed(service: String, routingKey: String, outcome: String) {
        Counter(
            label: "o2c_messages_consumed_total", dimensions: [("service", service), ("routing_key", routingKey), ("outcome", outcome)]
        )
        .increment()
    }
    /// A delivery the broker had given out before (a consumer's connection broke or it died holding it);
    /// each one counts toward the queue's delivery limit.
    static func redelivered(service: String, routingKey: String) {
        Counter(label: "o2c_messages_redelivered_total", dimensions: [("service", service), ("routing_key", routingKey)]).increment()
    }
    static func retried(service: String, routingKey: String) {
        Counter(label: "o2c_messages_retried_total", dimensions: [("service", service), ("routing_key", routingKey)]).increment()
    }
    static func parked(service: String, routingKey: String) {
        Counter(label: "o2c_messages_parked_total", dimensions: [("service", service), ("routing_key", routingKey)]).increment()
    }
    /// A retry or parked queue refused a copy because it is at its length bound (`kind`: retry, parked).
    static func queueFull(service: String, queue kind: String) {
        Counter(label: "o2c_messages_held_queue_full_total", dimensions: [("service", service), ("queue", kind)]).increment()
    }
    static func outboxLag(seconds: Double, pending: Int, service: String) {
        Gauge(label: "o2c_outbox_lag_seconds", dimensions: [("service", service)]).record(seconds)
        Gauge(label: "o2c_outbox_pending", dimensions: [("service", service)]).record(pending)
    }
    static func outboxPublishFailed(service: String, reason: String) {
        Counter(label: "o2c_outbox_publish_failures_total", dimensions: [("service", service), ("reason", reason)]).increment()
    }
    static func sagaTransition(service: String, sagaType: String, to state: String) {
        Counter(label: "o2c_saga_transitions_total", dimensions: [("service", service), ("saga", sagaType), ("to", state)]).increment()
    }
    static func processingDuration(service: String, nanoseconds: Int64) {
        Timer(label: "o2c_message_process_duration_seconds", dimensions: [("service", service)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(nanoseconds)
    }
}
