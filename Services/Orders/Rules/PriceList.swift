/// The price list: every product's validated tiers by sku. Maintained by sales_manager
/// (DOMAIN.md "Roles"); read by the price authority.
package struct PriceList: Sendable, Hashable {
    private var bySKU: [String: ProductPrices]

    package init() { bySKU = [:] }

    /// A list of products; a later entry for the same sku replaces an earlier one.
    package init(_ products: some Sequence<ProductPrices>) {
        bySKU = [:]
        for product in products { bySKU[product.sku] = product }
    }

    package subscript(sku: String) -> ProductPrices? { bySKU[sku] }

    /// Adds a product or replaces its tiers.
    package mutating func set(_ prices: ProductPrices) { bySKU[prices.sku] = prices }

    package var count: Int { bySKU.count }
}
