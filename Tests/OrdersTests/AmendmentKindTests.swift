import O2CContracts
import Testing

@testable import Orders

@Suite("DOMAIN.md Order amendments: who approves a change, and only before dispatch")
struct AmendmentKindTests {
    @Test(
        "before dispatch: sales_manager, plus general_manager for price changes and cancellations",
        arguments: [
            ("buyer_name", ["sales_manager"]),
            ("line_item", ["sales_manager"]),
            ("price", ["sales_manager", "general_manager"]),
            ("payment_method", ["sales_manager"]),
            ("cancel", ["sales_manager", "general_manager"]),
        ])
    func beforeDispatch(kind: String, approvals: [String]) throws {
        let amendment = try #require(AmendmentKind(rawValue: kind))
        #expect(try amendment.requiredApprovals(orderDispatched: false).names == approvals)
    }

    @Test("after dispatch every kind is refused with invalid_state: only returns apply", arguments: AmendmentKind.allCases)
    func afterDispatch(kind: AmendmentKind) {
        let error = #expect(throws: RuleViolation.self) { try kind.requiredApprovals(orderDispatched: true) }
        #expect(error?.code.rawValue == "invalid_state")
        #expect(error?.detail.contains("return") == true)
    }

    @Test("the five kinds keep their wire names")
    func wireNames() {
        #expect(AmendmentKind.allCases.map(\.rawValue) == ["buyer_name", "line_item", "price", "payment_method", "cancel"])
    }

    @Test("a change request's approval state starts with the kind's roles pending")
    func feedsApprovalState() throws {
        let state = ApprovalState(requiredRoles: try AmendmentKind.cancel.requiredApprovals(orderDispatched: false))
        #expect(state.pendingRoles.names == ["sales_manager", "general_manager"])
    }
}
