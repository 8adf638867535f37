import O2CContracts

/// The price authority (DOMAIN.md "Prices and approvals"): for a quote, bid or contract, the
/// total and who must approve it, or a refusal. Pure: the price list and threshold are inputs.
package struct PriceAuthority: Sendable, Hashable {
    /// 500,000.00 CNY (重大比价或投标需向公司领导请示).
    package static let defaultMajorDealThreshold = Money(minorUnits: 50_000_000)

    /// A total at or above this needs general_manager as well. Configurable data.
    package let majorDealThreshold: Money

    package init() { majorDealThreshold = Self.defaultMajorDealThreshold }

    /// Refuses a threshold that is not positive (`validation_failed` on `majorDealThreshold`).
    package init(majorDealThreshold: Money) throws(RuleViolation) {
        guard majorDealThreshold > .zero else {
            throw .validation([.init(field: "majorDealThreshold", message: "must be greater than 0.00, got \(majorDealThreshold)")])
        }
        self.majorDealThreshold = majorDealThreshold
    }

    /// Assesses the lines of a quote, bid or contract for a customer of `channel`: the strictest
    /// line's price approval (general_manager over sales_manager), plus general_manager when the
    /// total is at or above the major-deal threshold.
    ///
    /// - Throws: `validation_failed` listing each bad field (`lines[0].quantity`, zero-based), or
    ///   `price_below_factory_floor` naming every sku priced under its lowest ex-factory price.
    package func assess(channel: Channel, lines: [OrderLine], prices: PriceList) throws(RuleViolation) -> PriceAssessment {
        let priced = try Self.validate(lines, prices: prices)
        let tiers = priced.map { $0.prices.tier(of: $0.line.unitPrice, for: channel) }
        let under = zip(priced, tiers).filter { $0.1 == .belowFactoryFloor }.map(\.0.line.sku)
        guard under.isEmpty else {
            let skus = under.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            throw RuleViolation(
                code: .priceBelowFactoryFloor,
                detail: "unit price below the lowest ex-factory price for \(skus.joined(separator: ", "))",
                subjects: skus)
        }
        // The deepest discount decides the price approval; the major-deal rule adds to it.
        var roles = tiers.compactMap(\.approver).max(by: { $0.discountAuthority < $1.discountAuthority }).map { [$0] } ?? []
        // `validate` added these up within the bounds already.
        let total = try RuleViolation.checking("lines") { () throws(MoneyError) in try priced.sum(\.amount) }
        if total >= majorDealThreshold { roles.append(.generalManager) }
        return PriceAssessment(total: total, requiredApprovals: roles.inRoleOrder)
    }

    /// Each line with its product and exact amount, or every problem found, by field path.
    static func validate(_ lines: [OrderLine], prices: PriceList) throws(RuleViolation) -> [PricedLine] {
        var errors: [RuleViolation.FieldError] = []
        var priced: [PricedLine] = []
        if lines.isEmpty { errors.append(.init(field: "lines", message: "must have at least one line")) }
        var total = Money.zero
        for (index, line) in lines.enumerated() {
            let path = "lines[\(index)]"
            let product = prices[line.sku]
            if line.sku.allSatisfy(\.isWhitespace) {
                errors.append(.init(field: "\(path).sku", message: "must not be empty"))
            } else if product == nil {
                errors.append(.init(field: "\(path).sku", message: "unknown product \(line.sku)"))
            }
            if line.quantity <= 0 {
                errors.append(.init(field: "\(path).quantity", message: "must be a positive whole number, got \(line.quantity)"))
            }
            if line.unitPrice <= .zero {
                errors.append(.init(field: "\(path).unitPrice", message: "must be greater than 0.00, got \(line.unitPrice)"))
            }
            guard let product, line.quantity > 0, line.unitPrice > .zero else { continue }
            // The line's amount and the running total are checked: beyond 999,999,999,999.99 the line's
            // quantity is at fault.
            guard let amount = try? line.amount, let sum = try? total + amount else {
                errors.append(
                    .init(
                        field: "\(path).quantity",
                        message: "makes the amount beyond the largest amount, 999999999999.99 (\(line.quantity) × \(line.unitPrice))"))
                continue
            }
            total = sum
            priced.append(PricedLine(line: line, prices: product, amount: amount))
        }
        guard errors.isEmpty else { throw .validation(errors) }
        return priced
    }
}

/// A validated line with its product's tiers and its exact amount.
struct PricedLine: Sendable {
    var line: OrderLine
    var prices: ProductPrices
    var amount: Money
}

/// What the price authority decided: the total and the approvals needed, deduplicated in a stable
/// order (sales_manager before general_manager). Empty approvals: no approval needed.
package struct PriceAssessment: Sendable, Hashable {
    package var total: Money
    package var requiredApprovals: [Role]

    package init(total: Money, requiredApprovals: [Role]) {
        self.total = total
        self.requiredApprovals = requiredApprovals
    }

    /// Whether the document must go to pending_approval (DOMAIN.md "Quotes, bids and contracts").
    package var needsApproval: Bool { !requiredApprovals.isEmpty }
}
