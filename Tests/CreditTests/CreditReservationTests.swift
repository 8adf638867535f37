import O2CContracts
import Testing

@testable import Credit

@Suite("DOMAIN.md Credit: reserving credit for an order")
struct CreditReservationTests {
    /// An account with 6000.00 reserved for ORD-1 and 1500.00 unpaid on INV-1: exposure 7500.00.
    func busyAccount() throws -> CreditAccount {
        var account = CreditAccount()
        try account.reserve(orderId: "ORD-1", amount: cny("6000.00"), profile: profileB)
        account.recordInvoice(id: "INV-1", outstanding: cny("1500.00"))
        return account
    }

    @Test("exposure is open reserved orders plus unpaid invoices")
    func exposure() throws {
        let account = try busyAccount()
        #expect(try account.openReservations.description == "6000.00")
        #expect(try account.unpaidInvoiceTotal.description == "1500.00")
        #expect(try account.exposure.description == "7500.00")
        #expect(try account.available(under: profileB).description == "2500.00")
    }

    @Test("exactly at the limit is reserved, leaving 0.00 available")
    func exactlyAtLimit() throws {
        var account = try busyAccount()
        let decision = try account.reserve(orderId: "ORD-2", amount: cny("2500.00"), profile: profileB)
        #expect(decision.outcome == .reserved)
        #expect(decision.isReserved)
        #expect(decision.exposureAfter.description == "10000.00")
        #expect(decision.availableAfter.description == "0.00")
        #expect(account.reservation(for: "ORD-2")?.amount.description == "2500.00")
    }

    @Test("one fen over the limit is refused with credit_limit_exceeded and reserves nothing")
    func oneFenOver() throws {
        var account = try busyAccount()
        let decision = try account.reserve(orderId: "ORD-2", amount: cny("2500.01"), profile: profileB)
        #expect(!decision.isReserved)
        #expect(decision.refusalCode?.rawValue == "credit_limit_exceeded")
        #expect(decision.availableAfter.description == "2500.00")
        #expect(decision.exposureAfter.description == "7500.00")
        #expect(account.reservation(for: "ORD-2") == nil)
        guard case .refused(let refusal) = decision.outcome else { Issue.record("not refused"); return }
        #expect(refusal.detail.contains("10000.00"))
    }

    @Test("a zero limit refuses any order")
    func zeroLimit() throws {
        var account = CreditAccount()
        let profile = try CreditProfile(grade: .a, creditLimit: .zero)
        let decision = try account.reserve(orderId: "ORD-1", amount: cny("0.01"), profile: profile)
        #expect(decision.refusalCode == .creditLimitExceeded)
    }

    @Test(
        "a hold refuses with customer_on_hold even when the order would fit, and takes precedence over the limit",
        arguments: ["0.01", "2500.00", "2500.01", "999999.00"])
    func holdPrecedence(amount: String) throws {
        var account = try busyAccount()
        account.invoiceOverdue(id: "INV-1")
        let decision = try account.reserve(orderId: "ORD-2", amount: cny(amount), profile: profileB)
        #expect(decision.refusalCode?.rawValue == "customer_on_hold")
        #expect(account.reservation(for: "ORD-2") == nil)
        guard case .refused(let refusal) = decision.outcome else { Issue.record("not refused"); return }
        #expect(refusal.detail.contains("INV-1"))
    }

    @Test("reserving the same order again changes nothing")
    func reserveTwice() throws {
        var account = try busyAccount()
        let before = account
        let again = try account.reserve(orderId: "ORD-1", amount: cny("6000.00"), profile: profileB)
        #expect(again.outcome == .reserved)
        #expect(again.exposureAfter.description == "7500.00")
        #expect(account == before)
    }

    @Test(
        "an amount that is not positive, or a blank order id, is a validation error",
        arguments: [
            ("ORD-9", "0.00", ["amount"]),
            ("ORD-9", "-10.00", ["amount"]),
            ("", "10.00", ["orderId"]),
        ])
    func invalidInput(orderId: String, amount: String, fields: [String]) throws {
        var account = try busyAccount()
        let before = account
        let error = #expect(throws: RuleViolation.self) {
            try account.reserve(orderId: orderId, amount: cny(amount), profile: profileB)
        }
        #expect(error?.code == .validationFailed)
        #expect(error?.fieldErrors.map(\.field) == fields)
        #expect(account == before)
    }

    @Test("releasing a reservation reduces exposure; releasing twice is harmless")
    func release() throws {
        var account = try busyAccount()
        #expect(account.release(orderId: "ORD-1")?.description == "6000.00")
        #expect(try account.exposure.description == "1500.00")
        #expect(account.release(orderId: "ORD-1") == nil)
        #expect(account.release(orderId: "NEVER") == nil)
        #expect(try account.exposure.description == "1500.00")
        #expect(try account.available(under: profileB).description == "8500.00")
    }

    @Test("released credit can be reserved again")
    func reuseReleased() throws {
        var account = try busyAccount()
        #expect(try account.reserve(orderId: "ORD-2", amount: cny("3000.00"), profile: profileB).refusalCode == .creditLimitExceeded)
        account.release(orderId: "ORD-1")
        #expect(try account.reserve(orderId: "ORD-2", amount: cny("3000.00"), profile: profileB).isReserved)
    }
}
