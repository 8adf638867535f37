import O2CContracts
import Testing

@testable import FinanceCollections

@Suite(
    "The penalty of a cancellation (DOMAIN.md Order amendments — finance computes any penalty; The order-to-cash flow — penalty per contract, remainder refunded)"
)
struct CancellationPenaltyTests {
    @Test(
        "penalty = total × percent, rounded half away from zero, capped at the deposit paid; the refund is the rest, never negative",
        arguments: [
            ("1000.00", 1000, "300.00", "100.00", "100.00", "200.00"),
            ("1000.00", 5000, "300.00", "500.00", "300.00", "0.00"),  // above the deposit: capped, refund 0.00
            ("1000.00", 0, "300.00", "0.00", "0.00", "300.00"),  // the default term: the whole deposit back
            ("1000.00", 1000, "0.00", "100.00", "0.00", "0.00"),  // nothing paid: nothing to keep
            ("333.33", 1050, "100.00", "35.00", "35.00", "65.00"),  // 34.99965 → 35.00
            ("0.05", 5000, "0.05", "0.03", "0.03", "0.02"),  // 2.5 fen → 3 fen
            ("1000.00", 10000, "1000.00", "1000.00", "1000.00", "0.00"),
        ])
    func computes(total: String, points: Int, paid: String, contractual: String, penalty: String, refund: String) throws {
        let computed = try CancellationPenalty(orderTotal: Fixture.money(total), basisPoints: points, depositPaid: Fixture.money(paid))
        #expect(computed.contractual.description == contractual)
        #expect(computed.penalty.description == penalty)
        #expect(computed.refund.description == refund)
        #expect(try computed.penalty + computed.refund == computed.depositPaid, "what is kept and what is refunded add up to what was paid")
    }

    @Test("a term outside 0%–100% is refused on cancellationPenaltyPercent", arguments: [-1, 10_001, Int.max])
    func badTerm(points: Int) throws {
        let error = try #require(throws: RuleViolation.self) {
            try CancellationPenalty(orderTotal: Fixture.money("1000.00"), basisPoints: points, depositPaid: .zero)
        }
        #expect(error.field == "cancellationPenaltyPercent")
    }

    @Test("a negative total or deposit paid is refused", arguments: [("-1.00", "0.00", "orderTotal"), ("1.00", "-0.01", "depositPaid")])
    func negative(total: String, paid: String, field: String) throws {
        let error = try #require(throws: RuleViolation.self) {
            try CancellationPenalty(orderTotal: Fixture.money(total), basisPoints: 1000, depositPaid: Fixture.money(paid))
        }
        #expect(error.field == field)
    }
}
