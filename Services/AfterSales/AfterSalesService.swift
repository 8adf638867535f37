import O2CContracts
import O2CRuntime

/// The after-sales service. Its business rules come with the order-to-cash issue; until then it starts,
/// migrates its schema, relays its outbox and serves health and metrics.
public enum AfterSalesService {
    public static let definition = ServiceDefinition(name: .afterSales)
}
