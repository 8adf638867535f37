/// One line of an order as the messages carry it: a product, a whole quantity in its unit, a price.
public struct OrderLine: Codable, Sendable, Hashable {
    public var sku: String
    public var quantity: Int
    public var unitPrice: Money

    public init(sku: String, quantity: Int, unitPrice: Money) {
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    public var amount: Money { unitPrice.times(quantity) }
}
