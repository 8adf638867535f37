import O2CContracts
import O2CMessaging
import O2CRuntime

/// Every message after-sales consumes: the projection of returnable orders (`AfterSalesHandlers+ReturnableOrders`),
/// the return saga's facts from warehouse-dispatch and finance-collections (`ReturnSagaHost`), and orders'
/// calendar (`CalendarYears`).
enum AfterSalesHandlers {
    static func all(_ environment: ServiceEnvironment) -> [MessageHandler] {
        [
            .on(ContractSigned.self, contractSigned),
            .on(OrderAmended.self, orderAmended),
            .on(DeliveryConfirmed.self, deliveryConfirmed),
            CalendarYears.handler,
        ] + ReturnSagaHost(environment: environment).handlers
    }
}
