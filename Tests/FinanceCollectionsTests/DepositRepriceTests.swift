import O2CContracts
import Testing

@testable import FinanceCollections

@Suite("An amendment re-prices an unpaid deposit invoice (DOMAIN.md Order amendments)")
struct DepositRepriceTests {
    let deposit = Fixture.invoice("dep", kind: .deposit, amount: "3000.00", due: "2025-01-10")

    @Test("open and unpaid: 30% of the new total 12000.00 is 3600.00")
    func reprices() throws {
        let decision = try DepositReprice.decide(
            deposit: deposit, paid: .zero, depositRatioBasisPoints: 3000, newTotal: Fixture.money("12000.00"))
        #expect(decision == .reprice(to: Fixture.money("3600.00")))
    }

    @Test("something paid, settled or cancelled, ratio unknown or deposit unchanged: kept")
    func keeps() throws {
        var partly = deposit
        partly.outstanding = Fixture.money("2000.00")
        var settled = deposit
        (settled.outstanding, settled.status) = (.zero, .settled)
        var cancelled = deposit
        cancelled.status = .cancelled
        let total = Fixture.money("12000.00")
        for (invoice, paid, ratio) in [
            (partly, Fixture.money("1000.00"), 3000), (settled, Fixture.money("3000.00"), 3000), (cancelled, .zero, 3000),
        ] as [(Invoice, Money, Int?)] {
            guard case .keep = try DepositReprice.decide(deposit: invoice, paid: paid, depositRatioBasisPoints: ratio, newTotal: total)
            else {
                Issue.record("\(invoice.status) with \(paid) paid was re-priced")
                continue
            }
        }
        #expect(
            try DepositReprice.decide(deposit: deposit, paid: .zero, depositRatioBasisPoints: nil, newTotal: total)
                == .keep(reason: "the deposit ratio of the invoice is not known"))
        #expect(
            try DepositReprice.decide(deposit: deposit, paid: .zero, depositRatioBasisPoints: 3000, newTotal: Fixture.money("10000.00"))
                == .keep(reason: "the deposit is unchanged at 3000.00"))
    }

    @Test("a negative new total is refused")
    func negative() {
        #expect(throws: RuleViolation.self) {
            try DepositReprice.decide(deposit: deposit, paid: .zero, depositRatioBasisPoints: 3000, newTotal: Fixture.money("-1.00"))
        }
    }
}
