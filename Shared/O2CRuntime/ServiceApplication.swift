import Foundation
import Hummingbird
import JWTKit
import Logging
import O2CAMQP
import O2CContracts
import O2CMessaging
import O2CPostgres
import ServiceLifecycle

/// Builds a service's process: connections, migrations, the outbox relay, the consumer, housekeeping,
/// the service's own background work and the HTTP server, in one `ServiceGroup` whose order makes a
/// graceful shutdown safe: HTTP stops first, then the consumers (finish and ack what is in flight),
/// background work, the relay (one last drain of the outbox), and the connections last.
package enum ServiceApplication {
    package static func build(
        _ definition: ServiceDefinition, configuration: ServiceConfiguration, logger: Logger
    ) async throws -> some ApplicationProtocol {
        let faultsPG = PostgresFaultInjector.fromEnvironment(configuration.faults)
        let faultsAMQP = AMQPFaultInjector.fromEnvironment(configuration.faults)
        let pool = PostgresPool(
            configuration: configuration.database, size: configuration.poolSize, logger: logger, faults: faultsPG,
            readReserve: configuration.poolReadReserve, acquireTimeout: configuration.poolWait)
        let clock = ServiceClock(movable: configuration.testClock)
        let environment = ServiceEnvironment(
            name: definition.name, configuration: configuration, pool: pool, clock: clock, logger: logger)

        try await migrate(definition, pool: pool, schema: configuration.schema, logger: logger)

        let handlers = definition.handlers(environment)
        let topology = ServiceTopology(
            queue: configuration.queue, bindings: Array(Set(handlers.map(\.routingKey))).sorted(),
            retryDelays: configuration.retryDelays, notifications: definition.notifications,
            parkedLimit: configuration.parkedQueueMax, retryLimit: configuration.retryQueueMax,
            quorumGroupSize: configuration.quorumGroupSize)
        let publisher = AMQPPublisher(
            configuration: configuration.amqp, topology: topology.amqpTopology, logger: logger, faults: faultsAMQP)
        let relay = OutboxRelay(
            service: definition.name, schema: configuration.schema,
            listenConfiguration: configuration.database, publisher: publisher, logger: logger)
        var consumerSettings = MessageConsumer.Settings()
        consumerSettings.concurrency = configuration.consumerConcurrency
        consumerSettings.prefetch = configuration.prefetch
        let consumer =
            handlers.isEmpty
            ? nil
            : MessageConsumer(
                service: definition.name, topology: topology, amqp: configuration.amqp, pool: pool,
                schema: configuration.schema, handlers: handlers, clock: clock, settings: consumerSettings, faults: faultsAMQP,
                producers: definition.producers, logger: logger)
        if ServiceName(rawValue: definition.name) != nil, configuration.amqp.user != definition.name {
            logger.warning(
                "connected to RabbitMQ as '\(configuration.amqp.user)', not as '\(definition.name)': the other services park its events as unauthorised_producer (CONTRACT.md, Broker identity)"
            )
        }
        let readiness = ReadinessProbe(pool: pool, relay: relay, consumer: consumer)
        readiness.markMigrated()

        let router = try await makeRouter(definition, environment: environment, readiness: readiness)

        var services: [any Service] = [Connections(pool: pool, publisher: publisher), relay]
        services.append(Housekeeping(schema: configuration.schema, pool: pool, logger: logger))
        services += definition.services(environment)
        if let consumer { services.append(consumer) }

        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: definition.name),
            services: services,
            logger: logger)
    }

    /// The service's HTTP router: middleware, the platform's routes and the service's own. Does no I/O, so a
    /// test can list `router.routes` with an environment whose pool never connects.
    package static func makeRouter(
        _ definition: ServiceDefinition, environment: ServiceEnvironment
    ) async throws -> Router<O2CRequestContext> {
        try await makeRouter(definition, environment: environment, readiness: nil)
    }

    static func makeRouter(
        _ definition: ServiceDefinition, environment: ServiceEnvironment, readiness: ReadinessProbe?
    ) async throws -> Router<O2CRequestContext> {
        let configuration = environment.configuration
        let router = Router(context: O2CRequestContext.self)
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(ProblemMiddleware())
        router.middlewares.add(
            JWTAuthenticator(
                keys: await JWTAuthenticator.keys(secret: configuration.authSecret),
                publicPaths: ["/health/live", "/health/ready", "/metrics", "/openapi.yaml"],
                rules: TokenRules(maxLifetime: configuration.maxTokenLifetime)))
        router.middlewares.add(try RequestValidationMiddleware(document: definition.openAPI))
        router.middlewares.add(ReadLaneMiddleware())
        router.middlewares.add(
            IdempotencyMiddleware(pool: environment.pool, schema: configuration.schema, testFaults: configuration.testFaults))
        PlatformRoutes.add(to: router, readiness: readiness, clock: environment.clock, openAPI: definition.openAPI)
        definition.routes(router, environment)
        return router
    }

    /// Applies the platform's and the service's migrations, waiting for the database if it is not up yet.
    static func migrate(_ definition: ServiceDefinition, pool: PostgresPool, schema: String, logger: Logger) async throws {
        var backoff = Backoff(initial: .milliseconds(200), max: .seconds(5))
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            do {
                let applied = try await Migrator.migrate(
                    pool: pool, schema: schema, migrations: PlatformMigrations.all + definition.migrations, logger: logger)
                if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)", "schema": "\(schema)"]) }
                return
            } catch let error as PostgresError
                where (error.isConnectionProblem || error.code == .commitOutcomeUnknown) && ContinuousClock.now < deadline
            {
                let delay = backoff.next()
                logger.warning("database not reachable; waiting to migrate", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                try await Task.sleep(for: delay)
            }
        }
    }
}

/// Holds the shared connections for the life of the process and closes them after every other service
/// has stopped (it is first in the group, so it is shut down last).
struct Connections: Service {
    let pool: PostgresPool
    let publisher: AMQPPublisher

    func run() async throws {
        try? await gracefulShutdown()
        await publisher.close()
        await pool.close()
    }
}
