import O2CContracts
import O2CRuntime

/// The orders service: products and prices, customers, quotes, contracts, orders, and the host of the
/// order-to-cash saga.
public enum OrdersService {
    public static let definition = ServiceDefinition(
        name: .orders,
        // Saga host: consumes the other services' events, fires the saga's deadlines.
        handlers: { environment in OrderSagaHost(environment: environment).handlers },
        services: { environment in [OrderSagaHost(environment: environment).scheduler()] })
}
