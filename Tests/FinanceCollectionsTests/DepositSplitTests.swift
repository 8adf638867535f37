import O2CContracts
import Testing

@testable import FinanceCollections

@Suite("Deposit and balance of an order (DOMAIN.md Credit — deposit before dispatch, default ratio 30%)")
struct DepositSplitTests {
    @Test(
        "deposit = total × ratio rounded half away from zero to the fen; balance = the rest",
        arguments: [
            ("333.33", 3000, "100.00", "233.33"),  // 99.999 → 100.00
            ("1000.00", 3000, "300.00", "700.00"),
            ("100.01", 3333, "33.33", "66.68"),  // 33.333333 → 33.33
            ("0.05", 5000, "0.03", "0.02"),  // 2.5 fen → 3 fen
            ("1234.56", 0, "0.00", "1234.56"),
            ("1234.56", 10000, "1234.56", "0.00"),
            ("0.00", 3000, "0.00", "0.00"),
        ])
    func splits(total: String, ratio: Int, deposit: String, balance: String) throws {
        let split = try DepositSplit(total: Fixture.money(total), depositRatioBasisPoints: ratio)
        #expect(split.deposit.description == deposit)
        #expect(split.balance.description == balance)
        #expect(try split.deposit + split.balance == split.total, "the two parts add up to the total exactly")
    }

    @Test("the default deposit ratio is 30%")
    func defaultRatio() throws {
        let split = try DepositSplit(total: Fixture.money("1200.00"))
        #expect(split.depositRatioBasisPoints == 3000)
        #expect(split.deposit.description == "360.00")
        #expect(split.balance.description == "840.00")
    }

    @Test("a ratio outside 0%–100% is refused as validation_failed on depositRatio", arguments: [-1, 10_001])
    func badRatio(ratio: Int) throws {
        let error = try #require(throws: RuleViolation.self) {
            try DepositSplit(total: Fixture.money("100.00"), depositRatioBasisPoints: ratio)
        }
        #expect(error.code.rawValue == "validation_failed")
        #expect(error.field == "depositRatio")
    }

    @Test("a negative total is refused as validation_failed on total")
    func negativeTotal() throws {
        let error = try #require(throws: RuleViolation.self) { try DepositSplit(total: Fixture.money("-0.01")) }
        #expect(error.code == .validationFailed)
        #expect(error.field == "total")
    }
}
