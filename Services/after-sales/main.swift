import AfterSales
import O2CRuntime

await ServiceMain.run(AfterSalesService.definition)
