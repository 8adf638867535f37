import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Products and their three price tiers (DOMAIN.md "Prices and approvals"): sales_manager keeps
/// them; the tiers are validated by `ProductPrices` (market ≥ dealer floor ≥ factory floor).
enum ProductRoutes {
    struct Product: Codable {
        var sku: String
        var name: String
        var spec: String
        var unit: String
        var marketPrice: Money
        var dealerFloorPrice: Money
        var factoryFloorPrice: Money
    }

    static let readers: Set<Role> = [
        .salesperson, .salesAdmin, .customerService, .branchManager, .salesManager, .salesDirector, .generalManager, .finance,
        .auditor,
    ]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/products") { request, context in
            let actor = try context.actor(as: .salesManager)
            let body = try await request.decode(as: Product.self, context: context)
            _ = try applyingRule { () throws(RuleViolation) in
                try ProductPrices(
                    sku: body.sku, marketPrice: body.marketPrice, dealerFloorPrice: body.dealerFloorPrice,
                    factoryFloorPrice: body.factoryFloorPrice)
            }
            let created = try await environment.pool.transaction { connection in
                let result = try await connection.query(
                    """
                    insert into products (sku, name, spec, unit, market_price, dealer_floor_price, factory_floor_price,
                                          updated_by, updated_role, updated_at)
                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    on conflict (sku) do update set name = excluded.name, spec = excluded.spec, unit = excluded.unit,
                        market_price = excluded.market_price, dealer_floor_price = excluded.dealer_floor_price,
                        factory_floor_price = excluded.factory_floor_price, updated_by = excluded.updated_by,
                        updated_role = excluded.updated_role, updated_at = excluded.updated_at
                    returning (xmax = 0) as inserted
                    """,
                    [body.sku, body.name, body.spec, body.unit, body.marketPrice.minorUnits, body.dealerFloorPrice.minorUnits,
                     body.factoryFloorPrice.minorUnits, actor.subject, actor.role, environment.clock.now()])
                return try result.rows.first?.bool("inserted") ?? true
            }
            return try JSONResponse(body, status: created ? .created : .ok).response()
        }

        router.get("/v1/products/{sku}") { _, context in
            _ = try context.require(anyOf: readers)
            let sku = try context.parameters.require("sku")
            let result = try await environment.pool.query("select * from products where sku = $1", [sku])
            guard let row = result.rows.first else { throw Problem.notFound("no product \(sku)") }
            let product = Product(
                sku: try row.string("sku"), name: try row.string("name"), spec: try row.string("spec"), unit: try row.string("unit"),
                marketPrice: Money(minorUnits: try row.int64("market_price")),
                dealerFloorPrice: Money(minorUnits: try row.int64("dealer_floor_price")),
                factoryFloorPrice: Money(minorUnits: try row.int64("factory_floor_price")))
            return try JSONResponse(product).response()
        }
    }
}

/// The price list for the products some lines name, as the price authority reads it.
enum PriceCatalog {
    static func prices(for lines: [OrderLine], on connection: PostgresConnection) async throws -> PriceList {
        let skus = Array(Set(lines.map(\.sku)))
        guard !skus.isEmpty else { return PriceList() }
        let result = try await connection.query(
            "select sku, market_price, dealer_floor_price, factory_floor_price from products where sku = any($1)", [skus])
        var list = PriceList()
        for row in result.rows {
            let prices = try ProductPrices(
                sku: try row.string("sku"), marketPrice: Money(minorUnits: try row.int64("market_price")),
                dealerFloorPrice: Money(minorUnits: try row.int64("dealer_floor_price")),
                factoryFloorPrice: Money(minorUnits: try row.int64("factory_floor_price")))
            list.set(prices)
        }
        return list
    }
}
