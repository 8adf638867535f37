import Foundation
import O2CContracts
import O2CSaga

/// The order the order-to-cash saga suites start from.
enum OrderFixtures {
    /// Monday 2026-11-23 10:00 Shanghai.
    static let monday = Date(timeIntervalSince1970: 1_795_399_200)
    /// Ten pieces at 1000.00 for Acme Castings.
    static let order = OrderToCashSaga.OrderFacts(
        orderId: "o-1", customerId: "c-1", customerName: "Acme Castings",
        lines: [OrderLine(sku: "FL-100", quantity: 10, unitPrice: Money("1000.00")!)], total: Money("10000.00")!,
        deliveryAddress: "1 Foundry Rd")
}
