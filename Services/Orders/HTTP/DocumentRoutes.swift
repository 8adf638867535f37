import Hummingbird
import O2CContracts
import O2CForms
import O2CPostgres
import O2CRuntime

/// The printed forms of quotes and contracts (CONTRACT.md "The department's daily work", Documents):
/// `GET /v1/quotes/{id}/document` and `GET /v1/contracts/{id}/document`, A4 HTML pages read with the same roles
/// and the same read as the JSON (`QuoteRoutes.read`, `ContractRoutes.read`).
enum DocumentRoutes {
    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/quotes/{id}/document") { _, context in
            let quote = try await QuoteRoutes.read(context: context, environment: environment)
            return try HTMLPage(
                try await environment.pool.withConnection { connection in
                    let (customer, products, settings) = try await facts(quote.customerId, quote.lines, on: connection)
                    return try QuoteDocument.make(quote, customer: customer, products: products, companyName: settings.companyName)
                })
        }
        router.get("/v1/contracts/{id}/document") { _, context in
            let contract = try await ContractRoutes.read(context: context, environment: environment)
            return try HTMLPage(
                try await environment.pool.withConnection { connection in
                    let (customer, products, settings) = try await facts(contract.customerId, contract.lines, on: connection)
                    return try ContractDocument.make(contract, customer: customer, products: products, companyName: settings.companyName)
                })
        }
    }

    /// What a form prints beside the document: the customer's name, the products' names, the company's name.
    static func facts(
        _ customerId: String, _ lines: [OrderLine], on connection: PostgresConnection
    ) async throws -> (
        CustomerFacts, [String: Product], OrdersSettings
    ) {
        (
            try await CustomerStore.facts(customerId, on: connection), try await ProductStore.products(lines.map(\.sku), on: connection),
            try await OrdersSettings.current(on: connection)
        )
    }
}
