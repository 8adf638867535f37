/// One line of an order as the messages carry it: a product, a whole quantity in its unit, a price.
/// Decoding refuses a quantity outside 1...1,000,000,000 and an amount beyond the bounds.
package struct OrderLine: Codable, Sendable, Hashable {
    package var sku: String
    package var quantity: Int
    package var unitPrice: Money

    package init(sku: String, quantity: Int, unitPrice: Money) {
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    /// Quantity × unit price, checked: a line of 1,000,000,000 at 1,000.00 is beyond the largest amount.
    package var amount: Money {
        get throws(MoneyError) { try unitPrice.times(quantity) }
    }

    private enum CodingKeys: String, CodingKey { case sku, quantity, unitPrice }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sku: try container.decode(String.self, forKey: .sku),
            quantity: try container.decode(Int.self, forKey: .quantity, in: Quantity.positive),
            unitPrice: try container.decode(Money.self, forKey: .unitPrice))
    }
}

extension Sequence where Element == OrderLine {
    /// The lines' total, checked; beyond the bounds it is a refusal naming `field` (e.g. `lines`).
    package func total(field: String = "lines") throws(RuleViolation) -> Money {
        try RuleViolation.checking(field) { () throws(MoneyError) in try sum { line throws(MoneyError) in try line.amount } }
    }
}
