import O2CContracts

/// A product and its three price tiers (DOMAIN.md "Prices and approvals"), as `POST /v1/products` takes it and
/// `GET /v1/products/{sku}` shows it; `ProductPrices` validates the tiers.
struct Product: Codable {
    var sku: String
    var name: String
    var spec: String
    var unit: String
    var marketPrice: Money
    var dealerFloorPrice: Money
    var factoryFloorPrice: Money
}
