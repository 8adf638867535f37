import O2CContracts
import Testing

@testable import Orders

@Suite("DOMAIN.md Prices and approvals: totals and the major-deal threshold")
struct PriceAuthorityTotalTests {
    let authority = PriceAuthority()

    @Test("the total is exact to the fen over all lines")
    func exactTotal() throws {
        let lines = [line("GASKET-7", 3, "50.01"), line("VALVE-50", 7, "1200.10"), line("GASKET-7", 1, "99.99")]
        let result = try authority.assess(channel: .endUser, lines: lines, prices: Catalogue.prices)
        #expect(result.total.description == "8650.72")
        #expect(result.requiredApprovals.isEmpty)
    }

    @Test("the default major-deal threshold is 500000.00")
    func defaultThreshold() {
        #expect(PriceAuthority().majorDealThreshold.description == "500000.00")
    }

    @Test(
        "a total of exactly 500000.00 needs general_manager; one fen below needs nothing",
        arguments: Channel.allCases)
    func thresholdBoundary(channel: Channel) throws {
        let atThreshold = [line("PRESS-9", 4, "100000.00"), line("VALVE-50", 1, "100000.00")]
        let oneFenBelow = [line("PRESS-9", 4, "100000.00"), line("VALVE-50", 1, "99999.99")]
        let major = try authority.assess(channel: channel, lines: atThreshold, prices: Catalogue.prices)
        let minor = try authority.assess(channel: channel, lines: oneFenBelow, prices: Catalogue.prices)
        #expect(major.total.description == "500000.00")
        #expect(major.requiredApprovals.names == ["general_manager"])
        #expect(minor.total.description == "499999.99")
        #expect(minor.requiredApprovals.isEmpty)
    }

    @Test("a major deal with a discounted line needs sales_manager and general_manager, in that order")
    func thresholdPlusDiscount() throws {
        let lines = [line("PRESS-9", 6, "95000.00")]
        let result = try authority.assess(channel: .endUser, lines: lines, prices: Catalogue.prices)
        #expect(result.total.description == "570000.00")
        #expect(result.requiredApprovals.names == ["sales_manager", "general_manager"])
    }

    @Test("a major deal with a general_manager discount names general_manager once")
    func thresholdDeduplicated() throws {
        let lines = [line("PRESS-9", 6, "85000.00")]
        let result = try authority.assess(channel: .endUser, lines: lines, prices: Catalogue.prices)
        #expect(result.total.description == "510000.00")
        #expect(result.requiredApprovals.names == ["general_manager"])
    }

    @Test("the threshold is configurable: at 1000.00, a 1000.00 quote is a major deal, 999.99 is not")
    func configuredThreshold() throws {
        let authority = try PriceAuthority(majorDealThreshold: cny("1000.00"))
        let at = try authority.assess(channel: .dealer, lines: [line("GASKET-7", 20, "50.00")], prices: Catalogue.prices)
        let below = try authority.assess(channel: .dealer, lines: [line("GASKET-7", 1, "999.99")], prices: Catalogue.prices)
        #expect(at.requiredApprovals.names == ["general_manager"])
        #expect(below.requiredApprovals.isEmpty)
    }

    @Test("a threshold that is not positive is refused", arguments: ["0.00", "-1.00"])
    func badThreshold(threshold: String) {
        let error = #expect(throws: RuleViolation.self) { try PriceAuthority(majorDealThreshold: cny(threshold)) }
        #expect(error?.fieldErrors.map(\.field) == ["majorDealThreshold"])
    }
}
