import O2CContracts
import Testing

@testable import Orders

@Suite("Target achievement (DOMAIN.md Reports: 销售目标; CONTRACT.md The department's daily work)")
struct TargetAchievementTests {
    @Test("the achievement is exact and rounded down, absent for a zero target, never a trap at the money bounds")
    func percentages() {
        func percent(_ achieved: String, of target: String) -> String? {
            TargetAchievement(target: Money(target)!, achieved: Money(achieved)!).percent
        }
        #expect(percent("875.00", of: "1000.00") == "87.50%")
        #expect(percent("999.99", of: "1000.00") == "99.99%")
        #expect(percent("1999.99", of: "2000.00") == "99.99%", "99.9995 % is not shown as 100 %")
        #expect(percent("0.00", of: "1000.00") == "0.00%")
        #expect(percent("2500.00", of: "1000.00") == "250.00%")
        #expect(percent("1.00", of: "3.00") == "33.33%")
        #expect(percent("100.00", of: "0.00") == nil)
        #expect(percent("999999999999.99", of: "0.01") == "9999999999999900.00%")
        #expect(TargetAchievement(target: Money(minorUnits: 1), achieved: Money(minorUnits: .max)).percent == nil)
    }
}
