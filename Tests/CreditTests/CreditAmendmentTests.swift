import O2CContracts
import Testing

@testable import Credit

@Suite("CONTRACT.md Changes to an order: an amendment that raises the total is checked like a new order")
struct CreditAmendmentTests {
    @Test("the increase must fit: exposure without the order + the new total up to the limit, not a fen more")
    func increaseAgainstLimit() throws {
        var account = CreditAccount()
        try account.reserve(orderId: "ORD-1", amount: cny("6000.00"), profile: profileB)
        try account.reserve(orderId: "ORD-2", amount: cny("1000.00"), profile: profileB)
        let over = try account.amend(orderId: "ORD-1", to: cny("9000.01"), profile: profileB)
        #expect(over?.code == .creditLimitExceeded)
        #expect(account.reservation(for: "ORD-1")?.amount == cny("6000.00"), "a refusal changes nothing")
        #expect(try account.amend(orderId: "ORD-1", to: cny("9000.00"), profile: profileB) == nil)
        #expect(try account.exposure == cny("10000.00"))
    }

    @Test("DOMAIN.md Credit: on hold, an increase is refused whatever the limit; a decrease is taken")
    func holdRefusesIncreaseOnly() throws {
        var account = CreditAccount()
        try account.reserve(orderId: "ORD-1", amount: cny("1000.00"), profile: profileB)
        account.invoiceOverdue(id: "INV-1")
        #expect(try account.amend(orderId: "ORD-1", to: cny("1000.01"), profile: profileB)?.code == .customerOnHold)
        #expect(try account.amend(orderId: "ORD-1", to: cny("800.00"), profile: profileB) == nil)
        #expect(account.reservation(for: "ORD-1")?.amount == cny("800.00"))
    }

    @Test("an order with nothing reserved, or a total not above zero, is not an amendment credit can take")
    func invalid() throws {
        var account = CreditAccount()
        #expect(throws: RuleViolation.self) { try account.amend(orderId: "ORD-9", to: cny("1.00"), profile: profileB) }
        try account.reserve(orderId: "ORD-1", amount: cny("1000.00"), profile: profileB)
        #expect(throws: RuleViolation.self) { try account.amend(orderId: "ORD-1", to: .zero, profile: profileB) }
    }
}
