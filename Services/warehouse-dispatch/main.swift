import WarehouseDispatch
import O2CRuntime

await ServiceMain.run(WarehouseDispatchService.definition)
