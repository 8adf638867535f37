import Foundation
import O2CContracts

@testable import Orders

/// Amounts are written as users see them: "1200.00".
func cny(_ text: String) -> Money {
    guard let money = Money(text) else { fatalError("bad amount in a test: \(text)") }
    return money
}

/// Days are written as users see them: "2026-12-01".
func day(_ text: String) -> CalendarDate {
    guard let date = CalendarDate(text) else { fatalError("bad date in a test: \(text)") }
    return date
}

func line(_ sku: String, _ quantity: Int, _ unitPrice: String) -> OrderLine {
    OrderLine(sku: sku, quantity: quantity, unitPrice: cny(unitPrice))
}

enum Catalogue {
    /// Market 1200.00 ≥ dealer floor 1000.00 ≥ factory floor 800.00.
    static let valve = try! ProductPrices(
        sku: "VALVE-50", marketPrice: cny("1200.00"), dealerFloorPrice: cny("1000.00"), factoryFloorPrice: cny("800.00"))
    /// Market 100000.00 ≥ dealer floor 90000.00 ≥ factory floor 80000.00: a few make a major deal.
    static let press = try! ProductPrices(
        sku: "PRESS-9", marketPrice: cny("100000.00"), dealerFloorPrice: cny("90000.00"), factoryFloorPrice: cny("80000.00"))
    /// Market 50.00 ≥ dealer floor 40.00 ≥ factory floor 30.00.
    static let gasket = try! ProductPrices(
        sku: "GASKET-7", marketPrice: cny("50.00"), dealerFloorPrice: cny("40.00"), factoryFloorPrice: cny("30.00"))

    static let prices = PriceList([valve, press, gasket])
}

extension Date {
    static let monday = Date(timeIntervalSince1970: 1_790_000_000)
}

extension Sequence where Element == Role {
    var names: [String] { map(\.rawValue) }
}
