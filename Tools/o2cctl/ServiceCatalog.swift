import AfterSales
import Credit
import FinanceCollections
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import Orders
import WarehouseDispatch

/// The five services as the code defines them, and the broker topology each declares at start.
enum ServiceCatalog {
    static func definition(_ service: ServiceName) -> ServiceDefinition {
        switch service {
        case .orders: OrdersService.definition
        case .credit: CreditService.definition
        case .warehouseDispatch: WarehouseDispatchService.definition
        case .financeCollections: FinanceCollectionsService.definition
        case .afterSales: AfterSalesService.definition
        }
    }

    /// What `ServiceApplication.build` declares for the service with its default queue and retry tiers:
    /// bindings are the routing keys of its handlers, notifications its broadcasts.
    static func topology(_ service: ServiceName) throws -> ServiceTopology {
        let definition = definition(service)
        let handlers = definition.handlers(try offlineEnvironment(definition))
        return ServiceTopology(
            queue: definition.name, bindings: Array(Set(handlers.map(\.routingKey))).sorted(),
            notifications: definition.notifications)
    }

    /// An environment whose pool never connects (pools open connections lazily): enough to build the
    /// handler list, which does no I/O.
    private static func offlineEnvironment(_ definition: ServiceDefinition) throws -> ServiceEnvironment {
        let configuration = try ServiceConfiguration.fromEnvironment(
            service: definition.name, defaultHTTPPort: definition.defaultHTTPPort, defaultSchema: definition.schema,
            environment: [
                "O2C_DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
                "O2C_AMQP_URL": "amqp://nobody:nothing@127.0.0.1:1/",
                "O2C_AUTH_SECRET": String(repeating: "s", count: 32),
            ])
        let logger = Logger(label: "o2cctl", factory: { _ in SwiftLogNoOpLogHandler() })
        return ServiceEnvironment(
            name: definition.name, configuration: configuration,
            pool: PostgresPool(configuration: configuration.database, size: 1, logger: logger),
            clock: ServiceClock(movable: false), logger: logger)
    }
}
