import O2CContracts
import O2CRuntime

/// The orders service: products and prices, customers, quotes, contracts, orders, amendments and
/// cancellations with their approvals, and the host of the order-to-cash saga.
public enum OrdersService {
    public static let definition = ServiceDefinition(
        name: .orders,
        migrations: OrdersMigrations.all + OrderSagaHost.migrations,
        // Broadcasts for outside systems and customer service, consumed by no service of the suite.
        notifications: [
            ContractSigned.routingKey, OrderCompleted.routingKey, OrderCancelled.routingKey, ShipmentOverdue.routingKey,
            PaymentNoticeLate.routingKey, WaybillLate.routingKey, CustomerConfirmationLate.routingKey, ShipmentNoticeLate.routingKey,
        ],
        // Saga host: consumes the other services' events, fires the saga's deadlines.
        handlers: { environment in
            let host = OrderSagaHost(environment: environment)
            return host.handlers + ChangeRequestHandlers(host: host).all + CancellationPenaltyHandlers(host: host).all
        },
        routes: { router, environment in
            let host = OrderSagaHost(environment: environment)
            ProductRoutes.add(to: router, environment: environment)
            CustomerRoutes.add(to: router, environment: environment)
            QuoteRoutes.add(to: router, environment: environment)
            ContractRoutes.add(to: router, environment: environment, host: host)
            OrderRoutes.add(to: router, environment: environment, host: host)
            OrderRequestRoutes.add(to: router, environment: environment, host: host)
            CustomerContactRoutes.add(to: router, environment: environment, host: host)
            StuckSagasRoute.add(to: router, environment: environment)
            RuleSettingsRoutes.add(
                OrdersSettings.self, readers: ProductRoutes.readers, historyReaders: CalendarRoutes.historyReaders, to: router,
                environment: environment)
            CalendarRoutes.add(to: router, environment: environment)
        },
        services: { environment in [OrderSagaHost(environment: environment).scheduler()] },
        openAPI: OpenAPIDocument.text)
}
