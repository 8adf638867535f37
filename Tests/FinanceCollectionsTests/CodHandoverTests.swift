import O2CContracts
import Testing

@testable import FinanceCollections

@Suite(
    "Cash on delivery is handed over the same day and checked against the dispatch amount (DOMAIN.md Invoices, receipts and the customer's account)"
)
struct CodHandoverTests {
    private func handover(_ amount: String, collected: String, handed: String, owed: String = "7000.00") throws -> CodHandover {
        try CodHandover(
            amount: Fixture.money(amount), orderId: "o-1", carrier: "SF Express", collectedAt: Fixture.instant(collected),
            handedOverAt: Fixture.instant(handed), owedOnOrder: Fixture.money(owed), calendar: Fixture.shanghai)
    }

    @Test("the amount owed, handed over the same Shanghai day: nothing to reconcile")
    func matches() throws {
        let cod = try handover("7000.00", collected: "2025-03-01T01:00:00Z", handed: "2025-03-01T09:00:00Z")
        #expect(!cod.needsReconciliation && cod.amountMismatch == nil && !cod.handedOverLate)
    }

    @Test("6800.00 for 7000.00 owed: flagged with the difference")
    func short() throws {
        let cod = try handover("6800.00", collected: "2025-03-01T01:00:00Z", handed: "2025-03-01T09:00:00Z")
        #expect(cod.needsReconciliation && cod.amountMismatch?.difference == Fixture.money("-200.00"))
    }

    @Test("collected 23:00 Shanghai, handed over 01:00 the next day: late, flagged")
    func late() throws {
        let cod = try handover("7000.00", collected: "2025-03-01T15:00:00Z", handed: "2025-03-01T17:00:00Z")
        #expect(cod.handedOverLate && cod.needsReconciliation)
    }

    @Test("collected after it was handed over: refused on collectedAt")
    func future() {
        #expect(throws: RuleViolation.self) { try handover("7000.00", collected: "2025-03-02T01:00:00Z", handed: "2025-03-01T09:00:00Z") }
    }
}
