import O2CRuntime
import Orders

await ServiceMain.run(OrdersService.definition)
