import O2CContracts
import O2CRuntime

/// The orders service. Its business rules come with the order-to-cash issue; until then it starts,
/// migrates its schema, relays its outbox and serves health and metrics.
public enum OrdersService {
    public static let definition = ServiceDefinition(name: .orders)
}
