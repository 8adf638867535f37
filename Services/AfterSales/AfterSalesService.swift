import O2CContracts
import O2CRuntime

/// The after-sales service (DOMAIN.md "After-sales and returns"): service requests and complaints
/// worked from opening to closing with every step's actor recorded, and quality statistics. The
/// return/exchange saga comes with a later issue.
public enum AfterSalesService {
    public static let definition = ServiceDefinition(
        name: .afterSales,
        migrations: AfterSalesMigrations.all,
        // Broadcasts for outside systems, consumed by no service of the suite yet.
        notifications: [ServiceRequestOpened.routingKey, ServiceRequestClosed.routingKey],
        routes: { router, environment in
            ServiceRequestRoutes.add(to: router, environment: environment)
            ServiceRequestStepRoutes.add(to: router, environment: environment)
            QualityStatisticsRoute.add(to: router, environment: environment)
        },
        openAPI: OpenAPIDocument.text)
}
