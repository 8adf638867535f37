import O2CContracts
import Testing

@testable import FinanceCollections

@Suite("Collection rate, 回款率 (CONTRACT.md Reports): received ÷ due in percent, two decimals rounded down, on fen")
struct CollectionRateTests {
    func rate(_ received: String, _ due: String) -> String? {
        guard let received = Money(received), let due = Money(due) else { return "bad amount" }
        return CollectionRate(received: received, due: due)?.description
    }

    @Test(
        "rounded down, never up",
        arguments: [
            ("0.02", "0.03", "66.66"), ("0.01", "0.03", "33.33"), ("3000.00", "3000.00", "100.00"), ("0.00", "5.00", "0.00"),
            ("1999.99", "2000.00", "99.99"), ("0.01", "100.00", "0.01"), ("0.01", "100.01", "0.00"), ("50.00", "100.00", "50.00"),
            ("1.00", "9.00", "11.11"),
        ])
    func roundedDown(received: String, due: String, expected: String) {
        #expect(rate(received, due) == expected)
    }

    @Test("nothing due: no rate, whatever was received")
    func nothingDue() {
        #expect(rate("0.00", "0.00") == nil)
        #expect(rate("10.00", "0.00") == nil)
    }

    @Test("the largest amounts do not overflow: 999,999,999,999.98 of 999,999,999,999.99 is 99.99")
    func largeAmounts() {
        #expect(rate("999999999999.98", "999999999999.99") == "99.99")
        #expect(rate("999999999999.99", "999999999999.99") == "100.00")
        #expect(rate("0.01", "999999999999.99") == "0.00")
        // Sums of many invoices beyond Money's bounds still divide exactly (128-bit product).
        let huge = CollectionRate(received: Money(minorUnits: Int64.max - 1), due: Money(minorUnits: Int64.max))
        #expect(huge?.description == "99.99")
    }
}
