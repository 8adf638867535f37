import O2CContracts
import Testing

@testable import Orders

@Suite("DOMAIN.md Prices and approvals: the three price tiers of a product")
struct ProductPricesTests {
    @Test(
        "tiers in order are accepted, equal tiers too",
        arguments: [
            ("1200.00", "1000.00", "800.00"),
            ("1000.00", "1000.00", "1000.00"),
            ("0.01", "0.01", "0.01"),
        ])
    func tiersInOrder(market: String, dealer: String, factory: String) throws {
        let prices = try ProductPrices(
            sku: "VALVE-50", marketPrice: cny(market), dealerFloorPrice: cny(dealer), factoryFloorPrice: cny(factory))
        #expect(prices.marketPrice.description == market)
        #expect(prices.dealerFloorPrice.description == dealer)
        #expect(prices.factoryFloorPrice.description == factory)
    }

    @Test(
        "tiers out of order are refused naming the field and both prices",
        arguments: [
            ("999.99", "1000.00", "800.00", ["dealerFloorPrice"], "1000.00 must not be above the market price 999.99"),
            ("1200.00", "1000.00", "1000.01", ["factoryFloorPrice"], "1000.01 must not be above the lowest dealer price 1000.00"),
            ("800.00", "1000.00", "1200.00", ["dealerFloorPrice", "factoryFloorPrice"], "must not be above"),
        ])
    func tiersOutOfOrder(market: String, dealer: String, factory: String, fields: [String], reason: String) {
        let error = #expect(throws: RuleViolation.self) {
            try ProductPrices(sku: "VALVE-50", marketPrice: cny(market), dealerFloorPrice: cny(dealer), factoryFloorPrice: cny(factory))
        }
        #expect(error?.code.rawValue == "validation_failed")
        #expect(error?.fieldErrors.map(\.field) == fields)
        #expect(error?.fieldErrors.first?.message.contains(reason) == true)
    }

    @Test("a blank sku and prices that are not positive are each named")
    func blankAndZero() {
        let error = #expect(throws: RuleViolation.self) {
            try ProductPrices(sku: " ", marketPrice: cny("0.00"), dealerFloorPrice: cny("0.00"), factoryFloorPrice: cny("-1.00"))
        }
        #expect(error?.code == .validationFailed)
        #expect(error?.fieldErrors.map(\.field) == ["sku", "marketPrice", "dealerFloorPrice", "factoryFloorPrice"])
    }

    @Test("a price list finds a product by sku; a later entry for the same sku replaces the earlier")
    func priceList() throws {
        var list = PriceList([Catalogue.valve])
        #expect(list["VALVE-50"]?.marketPrice.description == "1200.00")
        #expect(list["NOPE"] == nil)
        list.set(
            try ProductPrices(
                sku: "VALVE-50", marketPrice: cny("1300.00"), dealerFloorPrice: cny("1000.00"), factoryFloorPrice: cny("800.00")))
        #expect(list["VALVE-50"]?.marketPrice.description == "1300.00")
        #expect(list.count == 1)
    }

    @Test("channels keep their wire names", arguments: [(Channel.endUser, "end_user"), (.dealer, "dealer")])
    func channelNames(channel: Channel, name: String) {
        #expect(channel.rawValue == name)
        #expect(Channel(rawValue: name) == channel)
    }
}
