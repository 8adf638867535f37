import O2CContracts
import Testing

@testable import O2CForms

/// 大写金额: the amount in Chinese capitals as invoices and contracts write it.
@Suite("Amounts in Chinese capitals (大写金额)")
struct ChineseAmountTests {
    @Test(
        "whole, fractional and zero-laden amounts read as a cashier writes them",
        arguments: [
            ("0.00", "零元整"),
            ("0.07", "柒分"),
            ("0.50", "伍角整"),
            ("0.56", "伍角陆分"),
            ("1.00", "壹元整"),
            ("1.05", "壹元零伍分"),
            ("10.00", "壹拾元整"),
            ("1200.00", "壹仟贰佰元整"),
            ("3600.00", "叁仟陆佰元整"),
            ("10005.50", "壹万零伍元伍角整"),
            ("10010.00", "壹万零壹拾元整"),
            ("100000.00", "壹拾万元整"),
            ("1000100.00", "壹佰万零壹佰元整"),
            ("100010000.00", "壹亿零壹万元整"),
            ("100000000.00", "壹亿元整"),
            ("1020304.06", "壹佰零贰万零叁佰零肆元零陆分"),
            ("-3.10", "负叁元壹角整"),
            ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ])
    func words(amount: String, expected: String) throws {
        let money = try #require(Money(amount))
        #expect(try ChineseAmount.words(money) == expected)
    }

    @Test("the smallest amount reads like the largest with 负 before it")
    func smallest() throws {
        #expect(try ChineseAmount.words(.minimum) == "负" + (try ChineseAmount.words(.maximum)))
    }

    @Test("an amount beyond the bounds (made unchecked from stored fen) is refused, not misread")
    func beyondBounds() {
        #expect(throws: MoneyError.self) { try ChineseAmount.words(Money(minorUnits: Money.maximumMinorUnits + 1)) }
        #expect(throws: MoneyError.self) { try ChineseAmount.words(Money(minorUnits: .min)) }
    }
}
