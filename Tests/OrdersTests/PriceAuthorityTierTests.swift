import O2CContracts
import Testing

@testable import Orders

/// Every tier boundary, at the price and one fen below, for both channels (VALVE-50: market
/// 1200.00, dealer floor 1000.00, factory floor 800.00).
@Suite("DOMAIN.md Prices and approvals: who approves a unit price")
struct PriceAuthorityTierTests {
    let authority = PriceAuthority()

    @Test(
        "end user: at or above market none; below market to the dealer floor sales_manager; below that to the factory floor general_manager",
        arguments: [
            ("1200.01", [String]()),
            ("1200.00", []),
            ("1199.99", ["sales_manager"]),
            ("1000.00", ["sales_manager"]),
            ("999.99", ["general_manager"]),
            ("800.00", ["general_manager"]),
        ])
    func endUser(unitPrice: String, approvals: [String]) throws {
        let result = try authority.assess(channel: .endUser, lines: [line("VALVE-50", 1, unitPrice)], prices: Catalogue.prices)
        #expect(result.requiredApprovals.names == approvals)
        #expect(result.needsApproval == !approvals.isEmpty)
        #expect(result.total.description == unitPrice)
    }

    @Test(
        "dealer: at or above the dealer floor none; below it down to the factory floor sales_manager",
        arguments: [
            ("1200.00", [String]()),
            ("1199.99", []),
            ("1000.00", []),
            ("999.99", ["sales_manager"]),
            ("800.00", ["sales_manager"]),
        ])
    func dealer(unitPrice: String, approvals: [String]) throws {
        let result = try authority.assess(channel: .dealer, lines: [line("VALVE-50", 1, unitPrice)], prices: Catalogue.prices)
        #expect(result.requiredApprovals.names == approvals)
        #expect(result.total.description == unitPrice)
    }

    @Test("one fen below the factory floor is refused whoever asks, naming the sku", arguments: Channel.allCases)
    func belowFactoryFloor(channel: Channel) {
        let error = #expect(throws: RuleViolation.self) {
            try authority.assess(channel: channel, lines: [line("VALVE-50", 1, "799.99")], prices: Catalogue.prices)
        }
        #expect(error?.code.rawValue == "price_below_factory_floor")
        #expect(error?.subjects == ["VALVE-50"])
        #expect(error?.detail.contains("VALVE-50") == true)
    }

    @Test("every line under its floor is named once, in line order")
    func severalBelowFloor() {
        let lines = [
            line("GASKET-7", 10, "29.99"), line("VALVE-50", 1, "1200.00"), line("VALVE-50", 2, "1.00"), line("GASKET-7", 1, "0.01"),
        ]
        let error = #expect(throws: RuleViolation.self) {
            try authority.assess(channel: .dealer, lines: lines, prices: Catalogue.prices)
        }
        #expect(error?.code == .priceBelowFactoryFloor)
        #expect(error?.subjects == ["GASKET-7", "VALVE-50"])
    }

    @Test(
        "the strictest line wins: one general_manager line outweighs sales_manager lines",
        arguments: [
            (Channel.endUser, ["1200.00", "1100.00"], ["sales_manager"]),
            (.endUser, ["1100.00", "900.00", "1200.00"], ["general_manager"]),
            (.endUser, ["900.00", "1100.00"], ["general_manager"]),
            (.dealer, ["1000.00", "999.99"], ["sales_manager"]),
            (.dealer, ["1200.00", "1000.00"], []),
        ])
    func strictestLineWins(channel: Channel, unitPrices: [String], approvals: [String]) throws {
        let lines = unitPrices.map { line("VALVE-50", 1, $0) }
        let result = try authority.assess(channel: channel, lines: lines, prices: Catalogue.prices)
        #expect(result.requiredApprovals.names == approvals)
    }

    @Test("each line is judged against its own product's tiers")
    func ownProductTiers() throws {
        // 900.00 is above GASKET-7's market price but below VALVE-50's dealer floor.
        let lines = [line("GASKET-7", 3, "900.00"), line("VALVE-50", 1, "1150.00")]
        let result = try authority.assess(channel: .endUser, lines: lines, prices: Catalogue.prices)
        #expect(result.requiredApprovals.names == ["sales_manager"])
        #expect(result.total.description == "3850.00")
    }
}
