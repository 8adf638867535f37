import O2CContracts

/// The terms a contract is checked against its accepted quote on (DOMAIN.md "Quotes, bids and
/// contracts": price, quantity, payment terms, delivery date). A term left `nil` is open: the
/// quote did not fix it, or the contract keeps the quote's.
package struct DealTerms: Sendable, Hashable {
    package var lines: [OrderLine]
    package var paymentTerms: String?
    package var deliveryDate: CalendarDate?

    package init(lines: [OrderLine], paymentTerms: String? = nil, deliveryDate: CalendarDate? = nil) {
        self.lines = lines
        self.paymentTerms = paymentTerms
        self.deliveryDate = deliveryDate
    }
}

/// One way a contract departs from its accepted quote (与原报价发生偏离的条款).
package enum ContractDeviation: Sendable, Hashable {
    case unitPrice(sku: String, quoted: Money, contracted: Money)
    case quantity(sku: String, quoted: Int, contracted: Int)
    /// A product the quote did not have.
    case lineAdded(sku: String)
    /// A product of the quote the contract drops.
    case lineRemoved(sku: String)
    case paymentTerms(quoted: String, contracted: String)
    case deliveryDate(quoted: CalendarDate, contracted: CalendarDate)

    /// A price deviation is judged by the price rules alone; any other needs sales_manager too.
    package var isPriceDeviation: Bool {
        if case .unitPrice = self { return true }
        return false
    }

    /// The deviations of `contract` from `quote`, in line order, then payment terms, then delivery
    /// date. Lines match by sku; a sku quoted twice matches its occurrences in order.
    package static func between(quote: DealTerms, contract: DealTerms) -> [ContractDeviation] {
        var deviations: [ContractDeviation] = []
        var unmatched = quote.lines
        for line in contract.lines {
            guard let index = unmatched.firstIndex(where: { $0.sku == line.sku }) else {
                deviations.append(.lineAdded(sku: line.sku))
                continue
            }
            let quoted = unmatched.remove(at: index)
            if quoted.unitPrice != line.unitPrice {
                deviations.append(.unitPrice(sku: line.sku, quoted: quoted.unitPrice, contracted: line.unitPrice))
            }
            if quoted.quantity != line.quantity {
                deviations.append(.quantity(sku: line.sku, quoted: quoted.quantity, contracted: line.quantity))
            }
        }
        deviations += unmatched.map { .lineRemoved(sku: $0.sku) }
        if let quoted = quote.paymentTerms, let contracted = contract.paymentTerms, quoted != contracted {
            deviations.append(.paymentTerms(quoted: quoted, contracted: contracted))
        }
        if let quoted = quote.deliveryDate, let contracted = contract.deliveryDate, quoted != contracted {
            deviations.append(.deliveryDate(quoted: quoted, contracted: contracted))
        }
        return deviations
    }
}
