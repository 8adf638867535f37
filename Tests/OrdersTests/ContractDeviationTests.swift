import O2CContracts
import Testing

@testable import Orders

@Suite("DOMAIN.md Quotes, bids and contracts: a contract deviating from its quote goes back to approval")
struct ContractDeviationTests {
    let authority = PriceAuthority()
    let quote = DealTerms(
        lines: [line("VALVE-50", 10, "1200.00"), line("GASKET-7", 100, "50.00")],
        paymentTerms: "30% deposit, balance on delivery", deliveryDate: day("2026-12-01"))

    private func review(_ contract: DealTerms, channel: Channel = .endUser) throws -> ContractReview {
        try authority.reviewContract(channel: channel, quote: quote, contract: contract, prices: Catalogue.prices)
    }

    @Test("a contract with the quote's terms deviates in nothing and needs no approval")
    func noDeviation() throws {
        let result = try review(quote)
        #expect(result.deviations.isEmpty)
        #expect(result.requiredApprovals.isEmpty)
        #expect(result.total.description == "17000.00")
    }

    @Test("terms the quote left open, or the contract keeps, are not deviations")
    func openTerms() throws {
        let open = DealTerms(lines: quote.lines)
        #expect(ContractDeviation.between(quote: quote, contract: open).isEmpty)
        #expect(ContractDeviation.between(quote: open, contract: quote).isEmpty)
    }

    @Test(
        "a price deviation is judged by the price rules alone",
        arguments: [("1250.00", [String]()), ("1100.00", ["sales_manager"]), ("900.00", ["general_manager"])])
    func priceDeviation(unitPrice: String, approvals: [String]) throws {
        var contract = quote
        contract.lines[0] = line("VALVE-50", 10, unitPrice)
        let result = try review(contract)
        #expect(result.deviations == [.unitPrice(sku: "VALVE-50", quoted: cny("1200.00"), contracted: cny(unitPrice))])
        #expect(result.requiredApprovals.names == approvals)
    }

    @Test("a price deviation under the factory floor is refused")
    func priceBelowFloor() {
        var contract = quote
        contract.lines[1] = line("GASKET-7", 100, "29.99")
        let error = #expect(throws: RuleViolation.self) { try review(contract) }
        #expect(error?.code.rawValue == "price_below_factory_floor")
        #expect(error?.subjects == ["GASKET-7"])
    }

    @Test("quantity, payment terms and delivery date deviations need sales_manager")
    func nonPriceDeviations() throws {
        let later = day("2026-12-08")
        var contract = quote
        contract.lines[1] = line("GASKET-7", 120, "50.00")
        contract.paymentTerms = "full payment before dispatch"
        contract.deliveryDate = later
        let result = try review(contract)
        #expect(
            result.deviations == [
                .quantity(sku: "GASKET-7", quoted: 100, contracted: 120),
                .paymentTerms(quoted: "30% deposit, balance on delivery", contracted: "full payment before dispatch"),
                .deliveryDate(quoted: day("2026-12-01"), contracted: later),
            ])
        #expect(result.requiredApprovals.names == ["sales_manager"])
        #expect(result.total.description == "18000.00")
    }

    @Test("a non-price deviation with a deep discount needs sales_manager and general_manager")
    func mixedDeviations() throws {
        var contract = quote
        contract.lines[0] = line("VALVE-50", 12, "900.00")
        let result = try review(contract)
        #expect(result.deviations.count == 2)
        #expect(result.requiredApprovals.names == ["sales_manager", "general_manager"])
    }

    @Test("an added or dropped line is a deviation needing sales_manager")
    func addedAndDropped() throws {
        let contract = DealTerms(lines: [line("VALVE-50", 10, "1200.00"), line("PRESS-9", 1, "100000.00")])
        let result = try review(contract, channel: .dealer)
        #expect(result.deviations == [.lineAdded(sku: "PRESS-9"), .lineRemoved(sku: "GASKET-7")])
        #expect(result.requiredApprovals.names == ["sales_manager"])
    }

    @Test("a deviating contract is re-judged against the major-deal threshold too")
    func deviationReachesThreshold() throws {
        var contract = quote
        contract.lines[0] = line("VALVE-50", 400, "1200.00")
        let result = try review(contract)
        #expect(result.total.description == "485000.00")
        #expect(result.requiredApprovals.names == ["sales_manager"])
        contract.lines[0] = line("VALVE-50", 413, "1200.00")
        let major = try review(contract)
        #expect(major.total.description == "500600.00")
        #expect(major.requiredApprovals.names == ["sales_manager", "general_manager"])
    }

    @Test("a sku quoted twice matches its occurrences in order")
    func repeatedSKU() {
        let quote = DealTerms(lines: [line("VALVE-50", 1, "1200.00"), line("VALVE-50", 2, "1100.00")])
        let contract = DealTerms(lines: [line("VALVE-50", 1, "1200.00"), line("VALVE-50", 2, "1000.00")])
        #expect(
            ContractDeviation.between(quote: quote, contract: contract)
                == [.unitPrice(sku: "VALVE-50", quoted: cny("1100.00"), contracted: cny("1000.00"))])
    }
}
