import O2CContracts

/// One product's three price tiers (DOMAIN.md "Prices and approvals", 价格表分为三层):
/// market quote price (市场报价) ≥ lowest dealer price (经销商最低价) ≥ lowest ex-factory
/// price (最低出厂价). Only a validated value exists: tiers out of order are refused.
package struct ProductPrices: Sendable, Hashable {
    package let sku: String
    package let marketPrice: Money
    package let dealerFloorPrice: Money
    package let factoryFloorPrice: Money

    /// Refuses, with `validation_failed` naming each field (CONTRACT.md `POST /v1/products`
    /// names), a blank sku, a price that is not positive, or tiers out of order. Equal tiers are fine.
    package init(sku: String, marketPrice: Money, dealerFloorPrice: Money, factoryFloorPrice: Money) throws(RuleViolation) {
        var errors: [RuleViolation.FieldError] = []
        if sku.allSatisfy(\.isWhitespace) {
            errors.append(.init(field: "sku", message: "must not be empty"))
        }
        let tiers = [("marketPrice", marketPrice), ("dealerFloorPrice", dealerFloorPrice), ("factoryFloorPrice", factoryFloorPrice)]
        for (field, price) in tiers where price <= .zero {
            errors.append(.init(field: field, message: "must be greater than 0.00, got \(price)"))
        }
        if dealerFloorPrice > marketPrice {
            errors.append(
                .init(
                    field: "dealerFloorPrice",
                    message: "lowest dealer price \(dealerFloorPrice) must not be above the market price \(marketPrice)"))
        }
        if factoryFloorPrice > dealerFloorPrice {
            errors.append(
                .init(
                    field: "factoryFloorPrice",
                    message: "lowest ex-factory price \(factoryFloorPrice) must not be above the lowest dealer price \(dealerFloorPrice)"))
        }
        guard errors.isEmpty else { throw .validation(errors) }
        self.sku = sku
        self.marketPrice = marketPrice
        self.dealerFloorPrice = dealerFloorPrice
        self.factoryFloorPrice = factoryFloorPrice
    }

    /// Where a unit price sits for a channel: which approval it needs, or below the factory floor.
    package func tier(of unitPrice: Money, for channel: Channel) -> PriceTier {
        if unitPrice < factoryFloorPrice { return .belowFactoryFloor }
        switch channel {
        case .endUser:
            if unitPrice >= marketPrice { return .free }
            if unitPrice >= dealerFloorPrice { return .needs(.salesManager) }
            return .needs(.generalManager)
        case .dealer:
            if unitPrice >= dealerFloorPrice { return .free }
            return .needs(.salesManager)
        }
    }
}

/// The verdict of the price table on one unit price.
package enum PriceTier: Sendable, Hashable {
    /// At or above the channel's own price: no approval.
    case free
    /// A discount within someone's authority.
    case needs(Role)
    /// Under the lowest ex-factory price: refused, whoever asks.
    case belowFactoryFloor

    /// The role whose approval this tier needs, if any.
    package var approver: Role? {
        if case .needs(let role) = self { return role }
        return nil
    }
}

extension Role {
    /// How far a role's discount authority reaches (DOMAIN.md "Roles": general_manager approves
    /// discounts beyond the manager's authority). Roles without discount authority rank 0.
    var discountAuthority: Int {
        switch self {
        case .salesManager: 1
        case .generalManager: 2
        default: 0
        }
    }
}
