import O2CContracts
import O2CRuntime

/// The orders service: products and prices, customers, quotes, contracts, orders, amendments and
/// cancellations with their approvals, and the host of the order-to-cash saga.
package enum OrdersService {
    package static let definition = ServiceDefinition(
        name: .orders,
        migrations: OrdersMigrations.all + OrdersMigrations.lists + OrderSagaHost.migrations + OrdersMigrations.worklist
            + OrdersMigrations.reports,
        // Broadcasts for outside systems and customer service, consumed by no service of the suite.
        notifications: [
            ContractSigned.routingKey, OrderCompleted.routingKey, OrderCancelled.routingKey, ShipmentOverdue.routingKey,
            PaymentNoticeLate.routingKey, WaybillLate.routingKey, CustomerConfirmationLate.routingKey, ShipmentNoticeLate.routingKey,
        ],
        // The saga host's events, the answers change requests wait for, finance's cancellation penalty.
        handlers: { environment in OrdersHandlers.all(environment) },
        routes: { router, environment in
            ProductRoutes.add(to: router, environment: environment)
            CustomerRoutes.add(to: router, environment: environment)
            QuoteRoutes.add(to: router, environment: environment)
            ContractRoutes.add(to: router, environment: environment)
            DocumentRoutes.add(to: router, environment: environment)
            ApprovalRoutes.add(to: router, environment: environment)
            OrderRoutes.add(to: router, environment: environment)
            ListRoutes.add(to: router, environment: environment)
            ReportRoutes.add(to: router, environment: environment)
            OrderRequestRoutes.add(to: router, environment: environment)
            CustomerContactRoutes.add(to: router, environment: environment)
            StuckSagasRoute.add(to: router, environment: environment)
            RuleSettingsRoutes.add(
                OrdersSettings.self, readers: ProductRoutes.readers, historyReaders: CalendarRoutes.historyReaders, to: router,
                environment: environment)
            CalendarRoutes.add(to: router, environment: environment)
            WorklistRoutes.add(to: router, environment: environment)
        },
        services: { environment in [OrderSagaHost(environment: environment).scheduler()] },
        openAPI: OpenAPIDocument.text)
}
