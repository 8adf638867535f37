import O2CContracts
import O2CRuntime

/// The after-sales service (DOMAIN.md "After-sales and returns"): service requests and complaints
/// worked from opening to closing with every step's actor recorded, quality statistics, returns and
/// exchanges (the host of the return saga), and product quality tracking cards with their revisits.
package enum AfterSalesService {
    package static let definition = ServiceDefinition(
        name: .afterSales,
        migrations: AfterSalesMigrations.all + AfterSalesMigrations.lists + AfterSalesMigrations.worklist,
        // Broadcasts for outside systems, consumed by no service of the suite.
        notifications: [
            ServiceRequestOpened.routingKey, ServiceRequestClosed.routingKey, ReturnRequested.routingKey, ReturnConfirmed.routingKey,
            ReturnInspected.routingKey, ReturnClosed.routingKey, ReturnStepOverdue.routingKey,
        ],
        // The projection of returnable orders, and the return saga's facts from warehouse and finance.
        handlers: AfterSalesHandlers.all,
        routes: { router, environment in
            ServiceRequestRoutes.add(to: router, environment: environment)
            ServiceRequestStepRoutes.add(to: router, environment: environment)
            QualityStatisticsRoutes.add(to: router, environment: environment)
            ReturnRoutes.add(to: router, environment: environment)
            ReturnStepRoutes.add(to: router, environment: environment)
            DocumentRoutes.add(to: router, environment: environment)
            RuleSettingsRoutes.add(
                AfterSalesSettings.self, readers: ReturnRoutes.readers, historyReaders: AfterSalesSettings.historyReaders, to: router,
                environment: environment)
            QualityCardRoutes.add(to: router, environment: environment)
            ProductQualityRoutes.add(to: router, environment: environment)
            WorklistRoutes.add(to: router, environment: environment)
            StuckSagasRoute.add(to: router, environment: environment)
        },
        services: { environment in [ReturnSagaHost(environment: environment).scheduler()] },
        openAPI: OpenAPIDocument.text)
}
