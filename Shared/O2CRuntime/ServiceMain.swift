import Foundation
import Hummingbird
import Logging
import O2CContracts
import ServiceLifecycle
import UnixSignals

/// The body of every service's `@main`: read the configuration (refusing to start, with one line, when
/// it is bad), bootstrap logging and metrics, build and run until SIGTERM/SIGINT.
package enum ServiceMain {
    package static func run(_ definition: ServiceDefinition) async {
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration.fromEnvironment(
                service: definition.name, defaultHTTPPort: definition.defaultHTTPPort, defaultSchema: definition.schema)
        } catch {
            FileHandle.standardError.write(Data("\(definition.name): refusing to start: \(error.description)\n".utf8))
            exit(2)
        }
        Observability.bootstrapLogging(level: configuration.logLevel)
        _ = Observability.registry
        var logger = Logger(label: definition.name)
        logger[metadataKey: "service"] = "\(definition.name)"
        do {
            let app = try await ServiceApplication.build(definition, configuration: configuration, logger: logger)
            logger.info("starting", metadata: ["http.port": "\(configuration.httpPort)", "schema": "\(configuration.schema)"])
            // SIGTERM/SIGINT start the graceful shutdown; past the budget, what is left is cancelled.
            var group = ServiceGroupConfiguration(
                services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = configuration.shutdownBudget
            try await ServiceGroup(configuration: group).run()
            logger.info("stopped")
        } catch {
            logger.critical("service failed", metadata: ["error": "\(error)"])
            exit(1)
        }
    }
}
