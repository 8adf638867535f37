import Foundation
import O2CContracts
import Testing

@testable import Credit

@Suite("DOMAIN.md Credit: a sales_director override, recorded with who and why")
struct CreditOverrideTests {
    @Test(
        "only a sales_director may override; every other role is refused with forbidden_role",
        arguments: Role.allCases.filter { $0 != .salesDirector })
    func othersForbidden(role: Role) {
        let error = #expect(throws: RuleViolation.self) {
            try CreditOverride(by: "someone", roles: [role], reason: "please", at: .monday)
        }
        #expect(error?.code.rawValue == "forbidden_role")
    }

    @Test("an override must say why")
    func needsReason() {
        let error = #expect(throws: RuleViolation.self) {
            try CreditOverride(by: "liu.director", roles: [.salesDirector], reason: "  ", at: .monday)
        }
        #expect(error?.code == .validationFailed)
        #expect(error?.fieldErrors.map(\.field) == ["reason"])
    }

    @Test("an override turns an over-limit refusal into a reservation that records who and why")
    func overLimit() throws {
        var account = CreditAccount()
        try account.reserve(orderId: "ORD-1", amount: cny("9000.00"), profile: profileB)
        let override = directorOverride()
        let decision = try account.reserve(orderId: "ORD-2", amount: cny("1000.01"), profile: profileB, override: override)
        #expect(decision.isReserved)
        #expect(decision.refusalCode?.rawValue == "credit_limit_exceeded")
        #expect(decision.availableAfter.description == "-0.01")
        guard case .reservedByOverride(_, let recorded) = decision.outcome else { Issue.record("not overridden"); return }
        #expect(recorded.userId == "liu.director")
        #expect(recorded.reason == "long-standing customer, payment promised Friday")
        #expect(account.reservation(for: "ORD-2")?.override == override)
        #expect(try account.exposure.description == "10000.01")
    }

    @Test("an override lets an order through a hold; the hold remains for the next order")
    func throughHold() throws {
        var account = CreditAccount()
        account.invoiceOverdue(id: "INV-7")
        let decision = try account.reserve(orderId: "ORD-1", amount: cny("100.00"), profile: profileB, override: directorOverride())
        #expect(decision.isReserved)
        #expect(decision.refusalCode?.rawValue == "customer_on_hold")
        #expect(account.isOnHold)
        #expect(try account.reserve(orderId: "ORD-2", amount: cny("100.00"), profile: profileB).refusalCode == .customerOnHold)
    }

    @Test("an override on an order that needs none reserves plainly and records no override")
    func unneeded() throws {
        var account = CreditAccount()
        let decision = try account.reserve(orderId: "ORD-1", amount: cny("100.00"), profile: profileB, override: directorOverride())
        #expect(decision.outcome == .reserved)
        #expect(decision.refusalCode == nil)
        #expect(account.reservation(for: "ORD-1")?.override == nil)
    }
}
