import Foundation
import O2CContracts
import Testing

/// Issue 14, reports: the deposit request carries the order's salesperson and region, additively — a message
/// from a producer that predates them still decodes, with neither.
@Suite("orders.deposit_invoice_requested.v1: salesperson and region are optional")
struct DepositInvoiceRequestedTests {
    @Test("an older message without them decodes; a newer one keeps them")
    func optionalSalesperson() throws {
        let old = #"{"orderId": "o-1", "customerId": "c-1", "total": "1000.00", "depositRatioBasisPoints": 3000}"#
        let decoded = try JSONDecoder().decode(DepositInvoiceRequested.self, from: Data(old.utf8))
        #expect(decoded.salesperson == nil && decoded.region == nil && decoded.unpaidDepositDays == nil)

        let new = DepositInvoiceRequested(
            orderId: "o-1", customerId: "c-1", total: Money("1000.00")!, depositRatioBasisPoints: 3000, unpaidDepositDays: 7,
            salesperson: "s-1", region: "east")
        let again = try JSONDecoder().decode(DepositInvoiceRequested.self, from: try JSONEncoder().encode(new))
        #expect(again == new)
    }
}
