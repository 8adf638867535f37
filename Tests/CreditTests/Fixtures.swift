import Foundation
import O2CContracts

@testable import Credit

/// Amounts are written as users see them: "1200.00".
func cny(_ text: String) -> Money {
    guard let money = Money(text) else { fatalError("bad amount in a test: \(text)") }
    return money
}

/// Grade B, limit 10000.00, 30% deposit.
let profileB = try! CreditProfile(grade: .b, creditLimit: cny("10000.00"))

extension Date {
    static let monday = Date(timeIntervalSince1970: 1_790_000_000)
}

func directorOverride(_ reason: String = "long-standing customer, payment promised Friday") -> CreditOverride {
    try! CreditOverride(by: "liu.director", roles: [.salesDirector], reason: reason, at: .monday)
}
