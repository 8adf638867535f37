import FinanceCollections
import O2CRuntime

await ServiceMain.run(FinanceCollectionsService.definition)
