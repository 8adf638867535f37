import FinanceCollections
import O2CContracts
import PropertyBased
import Testing

@Suite("The deposit split at the bounds of an amount (DOMAIN.md Credit: deposit before dispatch; CONTRACT.md Faults, limits and identity)")
struct DepositSplitPropertyTests {
    @Test("for every total up to 999,999,999,999.99 and every ratio, deposit + balance is the total and neither is negative")
    func sumsToTheTotal() async {
        let max = Money.maximumMinorUnits
        let totals = Gen.oneOf(Gen.int64(in: 0...max), Gen.int64(in: (max - 10_000)...max), Gen.int64(in: 0...10_000))
        await propertyCheck(count: 500, input: totals, Gen.int(in: 0...10_000)) { fen, points in
            let split = try DepositSplit(total: Money(minorUnits: fen), depositRatioBasisPoints: points)
            #expect(try split.deposit + split.balance == split.total)
            #expect(split.deposit >= .zero && split.balance >= .zero)
            #expect(split.deposit == (try Money(minorUnits: fen).times(basisPoints: points)))
        }
    }

    @Test("a total beyond the bounds (an amount only an unchecked value can hold) is refused naming total, never a trap")
    func beyondTheBounds() {
        for fen in [Money.maximumMinorUnits + 1, 99_999_999_999_999_999, Int64.max] {
            #expect(throws: RuleViolation.self) { try DepositSplit(total: Money(minorUnits: fen)) }
            do {
                _ = try DepositSplit(total: Money(minorUnits: fen))
            } catch {
                #expect(error.field == "total")
            }
        }
    }
}
