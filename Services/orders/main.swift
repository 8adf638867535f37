import Orders
import O2CRuntime

await ServiceMain.run(OrdersService.definition)
