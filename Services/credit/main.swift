import Credit
import O2CRuntime

await ServiceMain.run(CreditService.definition)
