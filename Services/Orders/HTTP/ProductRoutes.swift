import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Products and their three price tiers (DOMAIN.md "Prices and approvals"): sales_manager keeps
/// them; the tiers are validated by `ProductPrices` (market ≥ dealer floor ≥ factory floor).
enum ProductRoutes {
    static let readers: Set<Role> = [
        .salesperson, .salesAdmin, .customerService, .branchManager, .salesManager, .salesDirector, .generalManager, .finance,
        .auditor,
    ]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/products") { request, context in
            let actor = try context.actor(as: .salesManager)
            let body = try await request.decode(as: Product.self, context: context)
            _ = try ProductPrices(
                sku: body.sku, marketPrice: body.marketPrice, dealerFloorPrice: body.dealerFloorPrice,
                factoryFloorPrice: body.factoryFloorPrice)
            let created = try await environment.pool.transaction { connection in
                try await ProductStore.upsert(body, by: actor, at: environment.clock.now(), on: connection)
            }
            return try JSONResponse(body, status: created ? .created : .ok).response()
        }

        router.get("/v1/products/{sku}") { _, context in
            _ = try context.require(anyOf: readers)
            let sku = try context.parameters.require("sku")
            let product = try await environment.pool.transaction { try await ProductStore.product(sku, on: $0) }
            return try JSONResponse(product).response()
        }
    }
}
