/// One line of a return or exchange as the messages carry it: the same shape as an order line — a
/// product, a whole quantity in its unit, and the unit price it was sold at (the credit note's value is
/// quantity × that price).
package typealias ReturnLine = OrderLine

/// A counted quantity of a product (what the warehouse received back): 0 to 1,000,000,000.
package struct CountedLine: Codable, Sendable, Hashable {
    package var sku: String
    package var quantity: Int

    package init(sku: String, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }

    private enum CodingKeys: String, CodingKey { case sku, quantity }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sku: try container.decode(String.self, forKey: .sku),
            quantity: try container.decode(Int.self, forKey: .quantity, in: Quantity.nonNegative))
    }
}
