import O2CContracts
import Testing

@testable import FinanceCollections

@Suite("The amount to pay now (DOMAIN.md Invoices, receipts and the customer's account — 原欠款 + 代垫运费 + 手续费/优惠 + 市场支持费用 + 本次货款)")
struct AmountDueTests {
    private func money(_ text: String) -> Money { Fixture.money(text) }

    @Test("a credit balance reduces what is asked: -150.00 + 80.00 + 10.00 − 50.00 + 30.00 + 1200.00 = 1120.00")
    func withCredit() throws {
        let due = try AmountDue(
            previousBalance: money("-150.00"), freightAdvanced: money("80.00"), fees: money("10.00"),
            discounts: money("50.00"), marketSupportCharges: money("30.00"), goods: money("1200.00"))
        #expect(due.total.description == "1120.00")
        #expect(due.payableNow.description == "1120.00")
        #expect(due.remainingCredit.description == "0.00")
    }

    @Test("money still owed is added: 200.00 + 1000.00 = 1200.00")
    func withDebt() throws {
        let due = try AmountDue(previousBalance: money("200.00"), goods: money("1000.00"))
        #expect(due.total.description == "1200.00")
    }

    @Test("a credit larger than the order: nothing to pay, 300.00 credit remains")
    func creditCovers() throws {
        let due = try AmountDue(previousBalance: money("-1500.00"), goods: money("1200.00"))
        #expect(due.total.description == "-300.00")
        #expect(due.payableNow.description == "0.00")
        #expect(due.remainingCredit.description == "300.00")
    }

    @Test(
        "a negative part is refused as validation_failed on that field",
        arguments: [
            "freightAdvanced", "fees", "discounts", "marketSupportCharges", "goods",
        ])
    func negativePart(field: String) throws {
        let minus = money("-0.01")
        let error = try #require(throws: RuleViolation.self) {
            try AmountDue(
                previousBalance: .zero, freightAdvanced: field == "freightAdvanced" ? minus : .zero,
                fees: field == "fees" ? minus : .zero, discounts: field == "discounts" ? minus : .zero,
                marketSupportCharges: field == "marketSupportCharges" ? minus : .zero,
                goods: field == "goods" ? minus : money("1.00"))
        }
        #expect(error.code == .validationFailed)
        #expect(error.field == field)
    }
}
