import O2CContracts
import O2CMessaging
import O2CRuntime

/// Every message warehouse-dispatch consumes, and the handler of each (`WarehouseHandlers+<Topic>.swift`).
/// Each runs inside the inbox transaction; those that change stock or notes take `StockStore.lock` first.
enum WarehouseHandlers {
    static func all(_ environment: ServiceEnvironment) -> [MessageHandler] {
        [
            .on(ShipmentRequested.self, shipmentRequested),
            .on(ShipmentCancellationRequested.self, shipmentCancellationRequested),
            .on(ReturnApproved.self, returnApproved),
            .on(ReplacementRequested.self, replacementRequested),
            .on(OrderAmended.self, orderAmended),
            .on(DispatchHoldRequested.self, dispatchHoldRequested),
            .on(DispatchHoldReleaseRequested.self, dispatchHoldReleaseRequested),
        ]
    }
}
