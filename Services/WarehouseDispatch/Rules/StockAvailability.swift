import O2CContracts

/// Whether stock covers a request, all or nothing (DOMAIN.md "The order-to-cash flow": shipment scheduled,
/// stock reserved; no stock → backorder). Available = on hand − reserved, totalled over warehouses.
struct StockAvailability: Sendable, Hashable {
    struct Level: Sendable, Hashable {
        var onHand: Int
        var reserved: Int
        /// Both are sums of non-negative bigint rows, each of them a bounded quantity (at most
        /// 1,000,000,000 per count, line or return), so the difference is far from overflowing.
        var available: Int { onHand - reserved }
    }

    var levels: [String: Level]

    func level(_ sku: String) -> Level { levels[sku] ?? Level(onHand: 0, reserved: 0) }

    /// The skus the stock cannot cover, with what is missing; empty when all of it can be reserved.
    func shortages(for request: PickList) -> [(sku: String, missing: Int)] {
        request.sortedLines.compactMap { line in
            let available = level(line.sku).available
            // A quantity of at most 1,000,000,000 minus a non-negative level: no overflow.
            return line.quantity > available ? (line.sku, line.quantity - max(available, 0)) : nil
        }
    }

    /// Throws `insufficient_stock` unless every line can be covered.
    func requireCovers(_ request: PickList) throws(RuleViolation) {
        let missing = shortages(for: request)
        guard missing.isEmpty else {
            throw RuleViolation(
                code: .insufficientStock,
                detail: "not enough stock: " + missing.map { "\($0.sku) short by \($0.missing)" }.joined(separator: ", "))
        }
    }
}
