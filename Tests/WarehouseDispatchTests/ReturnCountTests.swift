import O2CContracts
import Testing

@testable import WarehouseDispatch

@Suite("Return intake (DOMAIN.md \"After-sales and returns\": the warehouse receives exactly the listed quantities)")
struct ReturnCountTests {
    let listed = PickList(stored: [("FL-100", 3), ("FL-200", 2)])

    @Test("a count that is the note, in any order or split over lines, is received")
    func exactCount() throws {
        let rule = ReturnCount(listed: listed)
        #expect(rule.outcome(of: try PickList([("FL-200", 2), ("FL-100", 1), ("FL-100", 2)])) == .exact)
    }

    @Test(
        "short, extra and an sku not on the note are each a discrepancy naming the line",
        arguments: [
            ([("FL-100", 2), ("FL-200", 2)], "FL-100: note 3, picked 2 (shortage)"),
            ([("FL-100", 4), ("FL-200", 2)], "FL-100: note 3, picked 4 (extra)"),
            ([("FL-100", 3), ("FL-200", 2), ("FL-900", 1)], "FL-900: note 0, picked 1 (substitution)"),
            ([("FL-100", 3)], "FL-200: note 2, picked 0 (shortage)"),
        ])
    func discrepancies(counted: [(String, Int)], difference: String) throws {
        guard case .discrepancy(let differences) = ReturnCount(listed: listed).outcome(of: try PickList(counted.map { ($0.0, $0.1) }))
        else {
            Issue.record("expected a discrepancy")
            return
        }
        #expect(differences.map(\.description) == [difference])
    }

    @Test("a sales_manager may accept what was counted, up to the listed quantity; extra goods and unknown skus are refused")
    func acceptance() {
        let rule = ReturnCount(listed: listed)
        let short = PickList(stored: [("FL-100", 2), ("FL-200", 2)])
        #expect(rule.acceptanceProblems([("FL-100", 2), ("FL-200", 2)], counted: short).isEmpty)
        #expect(rule.acceptanceProblems([("FL-100", 3), ("FL-200", 2)], counted: short).map(\.field) == ["lines[0].quantity"])

        let extra = PickList(stored: [("FL-100", 5), ("FL-200", 2), ("FL-900", 1)])
        #expect(rule.acceptanceProblems([("FL-100", 5), ("FL-200", 2)], counted: extra).map(\.field) == ["lines[0].quantity"])
        #expect(rule.acceptanceProblems([("FL-900", 1)], counted: extra).map(\.field) == ["lines[0].sku"])
        #expect(rule.acceptanceProblems([("FL-100", 3), ("FL-200", 2)], counted: extra).isEmpty, "the listed part of an over-delivery")
        #expect(rule.acceptanceProblems([("FL-100", 0)], counted: short).map(\.field) == ["lines"], "accepting nothing is a recount")
    }
}

@Suite("Pick lines at their bounds (CONTRACT.md Faults, limits and identity: quantities up to 1,000,000,000)")
struct PickListBoundsTests {
    @Test("lines of one sku that add up past 1,000,000,000 are refused, naming the line that went past")
    func linesOfOneSkuPastTheBound() {
        #expect(throws: RuleViolation.validation("lines[2].quantity", "adds up to more than 1000000000")) {
            try PickList([("FL-100", 1_000_000_000), ("FL-200", 5), ("FL-100", 1)]).quantities.count
        }
        #expect(throws: RuleViolation.self) { try PickList([("FL-100", Int.max), ("FL-100", Int.max)]) }
        #expect(throws: Never.self) { try PickList([("FL-100", 999_999_999), ("FL-100", 1)]) }
    }
}
