import O2CContracts
import O2CRuntime

/// The warehouse-dispatch service (DOMAIN.md "Dispatch"): stock and reservations, dispatch notes from the
/// saga's shipment requests, picking, hand-over with the waybill, gate passes and delivery confirmation;
/// the return saga's reversing notes and return intake, and exchanges' replacement notes (DOMAIN.md
/// "After-sales and returns"); approved order amendments reaching a note not yet handed over.
package enum WarehouseDispatchService {
    package static let definition = ServiceDefinition(
        name: .warehouseDispatch,
        migrations: WarehouseMigrations.all + WarehouseMigrations.lists + WarehouseMigrations.worklist,
        handlers: WarehouseHandlers.all,
        routes: { router, environment in
            StockRoutes.add(to: router, environment: environment)
            DispatchQueryRoutes.add(to: router, environment: environment)
            PickingRoutes.add(to: router, environment: environment)
            HandoverRoutes.add(to: router, environment: environment)
            GatePassRoutes.add(to: router, environment: environment)
            ReturnReceiptRoutes.add(to: router, environment: environment)
            DocumentRoutes.add(to: router, environment: environment)
            RuleSettingsRoutes.add(
                WarehouseSettings.self, readers: WarehouseSettings.readers, historyReaders: WarehouseSettings.historyReaders, to: router,
                environment: environment)
            WorklistRoutes.add(to: router, environment: environment)
        },
        openAPI: OpenAPIDocument.text)
}
