import Hummingbird
import O2CContracts
import O2CForms
import O2CPostgres
import O2CRuntime

/// The printed return or exchange form (CONTRACT.md "The department's daily work", Documents):
/// `GET /v1/returns/{id}/document`, an A4 HTML page read with the same roles and the same read as the JSON
/// (`ReturnRoutes.read`).
enum DocumentRoutes {
    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        let host = ReturnSagaHost(environment: environment)
        router.get("/v1/returns/{id}/document") { _, context in
            let view = try await ReturnRoutes.read(context: context, host: host, environment: environment)
            let (order, settings) = try await environment.pool.withConnection { connection in
                (try await ReturnableOrderStore.load(view.orderId, on: connection), try await AfterSalesSettings.current(on: connection))
            }
            return try HTMLPage(try ReturnDocument.make(view, customerName: order?.customerName, companyName: settings.companyName))
        }
    }
}
