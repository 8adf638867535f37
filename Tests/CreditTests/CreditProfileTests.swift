import Foundation
import O2CContracts
import Testing

@testable import Credit

@Suite("DOMAIN.md Credit: grades and profiles")
struct CreditProfileTests {
    @Test(
        "each grade's balance falls due on dispatch (A), on delivery (B), 14 days after delivery (C): as data",
        arguments: [(CreditGrade.a, "dispatch", 0), (.b, "delivery", 0), (.c, "delivery", 14)])
    func gradeTerms(grade: CreditGrade, basis: String, days: Int) {
        #expect(grade.balanceDueBasis.rawValue == basis)
        #expect(grade.balanceDueDays == days)
    }

    @Test("the deposit ratio defaults to 30% (3000 basis points)")
    func defaultRatio() throws {
        let profile = try CreditProfile(grade: .a, creditLimit: cny("50000.00"))
        #expect(profile.depositRatioBasisPoints == 3000)
        #expect(try profile.deposit(for: cny("1200.00")).description == "360.00")
        #expect(try profile.deposit(for: cny("0.05")).description == "0.02")
    }

    @Test(
        "limits from zero and ratios from 0% to 100% are accepted",
        arguments: [("0.00", 0), ("0.00", 10_000), ("99999999.99", 5000)])
    func validProfiles(limit: String, ratio: Int) throws {
        let profile = try CreditProfile(grade: .c, creditLimit: cny(limit), depositRatioBasisPoints: ratio)
        #expect(profile.creditLimit.description == limit)
        #expect(profile.depositRatioBasisPoints == ratio)
    }

    @Test(
        "a negative limit or a ratio outside 0...10000 is refused naming the field",
        arguments: [
            ("-0.01", 3000, ["creditLimit"]),
            ("100.00", -1, ["depositRatio"]),
            ("100.00", 10_001, ["depositRatio"]),
            ("-5.00", 20_000, ["creditLimit", "depositRatio"]),
        ])
    func invalidProfiles(limit: String, ratio: Int, fields: [String]) {
        let error = #expect(throws: RuleViolation.self) {
            try CreditProfile(grade: .a, creditLimit: cny(limit), depositRatioBasisPoints: ratio)
        }
        #expect(error?.code.rawValue == "validation_failed")
        #expect(error?.fieldErrors.map(\.field) == fields)
    }
}
