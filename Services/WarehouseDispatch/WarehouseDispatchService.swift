import O2CContracts
import O2CRuntime

/// The warehouse-dispatch service. Its business rules come with the order-to-cash issue; until then it starts,
/// migrates its schema, relays its outbox and serves health and metrics.
public enum WarehouseDispatchService {
    public static let definition = ServiceDefinition(name: .warehouseDispatch)
}
