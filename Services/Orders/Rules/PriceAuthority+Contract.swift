import O2CContracts

/// A contract checked against its accepted quote: what deviates, its total, and who must approve.
package struct ContractReview: Sendable, Hashable {
    package var deviations: [ContractDeviation]
    package var total: Money
    /// Empty when nothing deviates: the quote's approval stands.
    package var requiredApprovals: [Role]
}

extension PriceAuthority {
    /// Reviews a contract made from an accepted quote (DOMAIN.md "Quotes, bids and contracts": any
    /// deviating term sends it back to approval under the same rules).
    ///
    /// No deviation: no approval. Any deviation: the price rules run again over the contract's
    /// lines (tiers and the major-deal threshold), plus sales_manager when a deviation is not a
    /// unit price (quantity, added or dropped line, payment terms, delivery date).
    /// - Throws: `validation_failed` for bad contract lines; `price_below_factory_floor` when a
    ///   deviating contract prices a line under its floor.
    package func reviewContract(
        channel: Channel, quote: DealTerms, contract: DealTerms, prices: PriceList
    ) throws(RuleViolation) -> ContractReview {
        let deviations = ContractDeviation.between(quote: quote, contract: contract)
        guard !deviations.isEmpty else {
            let priced = try Self.validate(contract.lines, prices: prices)
            let total = try RuleViolation.checking("lines") { () throws(MoneyError) in try priced.sum(\.amount) }
            return ContractReview(deviations: [], total: total, requiredApprovals: [])
        }
        let assessment = try assess(channel: channel, lines: contract.lines, prices: prices)
        var roles = assessment.requiredApprovals
        if deviations.contains(where: { !$0.isPriceDeviation }) { roles.append(.salesManager) }
        return ContractReview(deviations: deviations, total: assessment.total, requiredApprovals: roles.inRoleOrder)
    }
}
