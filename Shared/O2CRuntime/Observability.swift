import Foundation
import Logging
import Metrics
import Prometheus
import Synchronization

/// Logging and metrics, bootstrapped once per process.
package enum Observability {
    private static let bootstrapped = Mutex<PrometheusCollectorRegistry?>(nil)

    /// The Prometheus registry `/metrics` reads. Bootstraps swift-metrics on first use.
    package static var registry: PrometheusCollectorRegistry {
        bootstrapped.withLock { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            var factory = PrometheusMetricsFactory(registry: created)
            // Prometheus names allow no dots: `http.server.request.duration` → `http_server_request_duration`.
            factory.nameAndLabelSanitizer = { name, labels in
                (name.replacingOccurrences(of: ".", with: "_"), labels.map { ($0.0.replacingOccurrences(of: ".", with: "_"), $0.1) })
            }
            MetricsSystem.bootstrap(factory)
            registry = created
            return created
        }
    }

    /// Logs to stderr with metadata (`correlation_id`, `message.id`, ...), at the configured level.
    package static func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    static func metricsText() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
