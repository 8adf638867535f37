import O2CRuntime
import WarehouseDispatch

await ServiceMain.run(WarehouseDispatchService.definition)
