import Foundation
import O2CContracts
import O2CPostgres

/// The `products` table: the catalogue and its price tiers.
enum ProductStore {
    /// Creates the product or replaces it (same sku); true when it was created.
    static func upsert(_ product: Product, by actor: Author, at now: Date, on connection: PostgresConnection) async throws -> Bool {
        let result = try await connection.query(
            """
            insert into products (sku, name, spec, unit, market_price, dealer_floor_price, factory_floor_price,
                                  updated_by, updated_role, updated_at, created_at)
            values (\(product.sku), \(product.name), \(product.spec), \(product.unit), \(product.marketPrice.minorUnits),
                    \(product.dealerFloorPrice.minorUnits), \(product.factoryFloorPrice.minorUnits), \(actor.subject), \(actor.role), \(now), \(now))
            on conflict (sku) do update set name = excluded.name, spec = excluded.spec, unit = excluded.unit,
                market_price = excluded.market_price, dealer_floor_price = excluded.dealer_floor_price,
                factory_floor_price = excluded.factory_floor_price, updated_by = excluded.updated_by,
                updated_role = excluded.updated_role, updated_at = excluded.updated_at
            returning (xmax = 0) as inserted
            """)
        return try result.rows.first?.bool("inserted") ?? true
    }

    static func product(_ sku: String, on connection: PostgresConnection) async throws -> Product {
        guard let row = try await connection.query("select * from products where sku = \(sku)").rows.first else {
            throw RuleViolation.notFound("no product \(sku)")
        }
        return try product(from: row)
    }

    static func product(from row: PostgresRow) throws -> Product {
        Product(
            sku: try row.string("sku"), name: try row.string("name"), spec: try row.string("spec"), unit: try row.string("unit"),
            marketPrice: Money(minorUnits: try row.int64("market_price")),
            dealerFloorPrice: Money(minorUnits: try row.int64("dealer_floor_price")),
            factoryFloorPrice: Money(minorUnits: try row.int64("factory_floor_price")))
    }

    /// The products of the skus, by sku (a sku with no product is left out).
    static func products(_ skus: [String], on connection: PostgresConnection) async throws -> [String: Product] {
        let unique = Array(Set(skus))
        guard !unique.isEmpty else { return [:] }
        let rows = try await connection.query("select * from products where sku = any(\(unique))").rows
        var products: [String: Product] = [:]
        for row in rows {
            let product = Product(
                sku: try row.string("sku"), name: try row.string("name"), spec: try row.string("spec"), unit: try row.string("unit"),
                marketPrice: Money(minorUnits: try row.int64("market_price")),
                dealerFloorPrice: Money(minorUnits: try row.int64("dealer_floor_price")),
                factoryFloorPrice: Money(minorUnits: try row.int64("factory_floor_price")))
            products[product.sku] = product
        }
        return products
    }

    /// The price list for the products some lines name, as the price authority reads it.
    static func prices(for lines: [OrderLine], on connection: PostgresConnection) async throws -> PriceList {
        let skus = Array(Set(lines.map(\.sku)))
        guard !skus.isEmpty else { return PriceList() }
        let result = try await connection.query(
            "select sku, market_price, dealer_floor_price, factory_floor_price from products where sku = any(\(skus))")
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
