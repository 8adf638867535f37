import Hummingbird
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres
import ServiceLifecycle

/// What a service is, apart from the platform: its migrations, message handlers, HTTP routes and
/// background work. The runtime turns it into a running process.
package struct ServiceDefinition: Sendable {
    /// The executable's name, e.g. `finance-collections`: the default queue, the `producer` header.
    package var name: String
    package var defaultHTTPPort: Int
    /// The schema the service owns.
    package var schema: String
    /// The service's own migrations, numbered from 100 (1–99 are the platform's).
    package var migrations: [Migration]
    /// Events the service publishes that no service of the suite consumes: broadcasts for outside
    /// systems and people (e.g. `orders.order_completed.v1`). They are kept in `<queue>.notifications`
    /// so they are routable under `mandatory` publishing, bounded, and visible to operators.
    package var notifications: [String]
    package var handlers: @Sendable (ServiceEnvironment) -> [MessageHandler]
    package var routes: @Sendable (Router<O2CRequestContext>, ServiceEnvironment) -> Void
    /// Long-lived work beside the consumer and relay, e.g. saga deadline schedulers.
    package var services: @Sendable (ServiceEnvironment) -> [any Service]
    /// The service's OpenAPI document (YAML text), served at `GET /openapi.yaml` when present.
    package var openAPI: String?
    /// Which broker user may publish each routing-key prefix the service consumes: the five services by
    /// default (a test fixture names its own).
    package var producers: ProducerIdentity = .services

    package init(
        name: ServiceName,
        migrations: [Migration] = [],
        notifications: [String] = [],
        handlers: @escaping @Sendable (ServiceEnvironment) -> [MessageHandler] = { _ in [] },
        routes: @escaping @Sendable (Router<O2CRequestContext>, ServiceEnvironment) -> Void = { _, _ in },
        services: @escaping @Sendable (ServiceEnvironment) -> [any Service] = { _ in [] },
        openAPI: String? = nil
    ) {
        self.init(
            name: name.rawValue, defaultHTTPPort: name.defaultHTTPPort, schema: name.schema, migrations: migrations,
            notifications: notifications, handlers: handlers, routes: routes, services: services, openAPI: openAPI)
    }

    package init(
        name: String,
        defaultHTTPPort: Int,
        schema: String,
        migrations: [Migration] = [],
        notifications: [String] = [],
        handlers: @escaping @Sendable (ServiceEnvironment) -> [MessageHandler] = { _ in [] },
        routes: @escaping @Sendable (Router<O2CRequestContext>, ServiceEnvironment) -> Void = { _, _ in },
        services: @escaping @Sendable (ServiceEnvironment) -> [any Service] = { _ in [] },
        openAPI: String? = nil
    ) {
        self.name = name
        self.defaultHTTPPort = defaultHTTPPort
        self.schema = schema
        self.migrations = migrations
        self.notifications = notifications
        self.handlers = handlers
        self.routes = routes
        self.services = services
        self.openAPI = openAPI
    }
}

/// What a service's handlers, routes and services are given.
package struct ServiceEnvironment: Sendable {
    package var name: String
    package var configuration: ServiceConfiguration
    package var pool: PostgresPool
    package var clock: ServiceClock
    package var logger: Logger
    package var schema: String { configuration.schema }
    package var outbox: Outbox { Outbox(schema: configuration.schema) }

    package init(name: String, configuration: ServiceConfiguration, pool: PostgresPool, clock: ServiceClock, logger: Logger) {
        self.name = name
        self.configuration = configuration
        self.pool = pool
        self.clock = clock
        self.logger = logger
    }
}
