import Foundation
import O2CContracts
import Testing

@testable import Orders

@Suite("DOMAIN.md Prices and approvals / Quotes, bids and contracts: approval state")
struct ApprovalStateTests {
    let manager = Approver(userId: "wang.manager", roles: [.salesManager])
    let otherManager = Approver(userId: "li.manager", roles: [.salesManager])
    let boss = Approver(userId: "zhao.gm", roles: [.generalManager])
    let salesperson = Approver(userId: "chen.sales", roles: [.salesperson])
    /// Written by the salesperson: none of the approvers is its author.
    let quote = SeparationOfDuties.Document("quote q-1", author: "chen.sales")
    let t1 = Date.monday
    let t2 = Date.monday.addingTimeInterval(3600)

    @Test("required roles are deduplicated in a stable order and all start pending")
    func startsPending() {
        let state = ApprovalState(requiredRoles: [.generalManager, .salesManager, .generalManager])
        #expect(state.requiredRoles.names == ["sales_manager", "general_manager"])
        #expect(state.pendingRoles.names == ["sales_manager", "general_manager"])
        #expect(state.status.rawValue == "pending")
        #expect(!state.isFullyApproved && !state.isRejected)
    }

    @Test("nothing required: approved from the start")
    func nothingRequired() {
        let state = ApprovalState(requiredRoles: [])
        #expect(state.status == .approved)
        #expect(state.isFullyApproved)
    }

    @Test("one approval satisfies its role, recording who and when; the last one completes it")
    func approvalsInTurn() throws {
        var state = ApprovalState(requiredRoles: [.salesManager, .generalManager])
        #expect(try state.record(.approve, by: manager, on: quote, at: t1, comment: "ok") == .recorded(.salesManager))
        #expect(state.pendingRoles.names == ["general_manager"])
        #expect(state.status == .pending)
        #expect(try state.record(.approve, by: boss, on: quote, at: t2) == .completed(.generalManager))
        #expect(state.status.rawValue == "approved")
        #expect(state.isFullyApproved)
        #expect(state.approvals.map(\.userId) == ["wang.manager", "zhao.gm"])
        #expect(state.approvals.map(\.at) == [t1, t2])
        #expect(state.approvals.first?.comment == "ok")
    }

    @Test("the same role approving twice is idempotent: the first approval stays on record")
    func approveTwice() throws {
        var state = ApprovalState(requiredRoles: [.salesManager, .generalManager])
        try state.record(.approve, by: manager, on: quote, at: t1)
        let before = state
        #expect(try state.record(.approve, by: manager, on: quote, at: t2) == .unchanged)
        #expect(try state.record(.approve, by: otherManager, on: quote, at: t2) == .unchanged)
        #expect(state == before)
        #expect(state.approvals.map(\.userId) == ["wang.manager"])
    }

    @Test(
        "an approval by a role that is not required is refused with forbidden_role",
        arguments: [ApprovalDecision.approve, .reject])
    func roleNotRequired(decision: ApprovalDecision) {
        var state = ApprovalState(requiredRoles: [.salesManager])
        for approver in [boss, salesperson] {
            let error = #expect(throws: RuleViolation.self) { try state.record(decision, by: approver, on: quote, at: t1) }
            #expect(error?.code.rawValue == "forbidden_role")
        }
        #expect(state.status == .pending)
        #expect(state.approvals.isEmpty)
    }

    @Test("a rejection by a required role rejects the whole; nothing more can be decided")
    func rejection() throws {
        var state = ApprovalState(requiredRoles: [.salesManager, .generalManager])
        try state.record(.approve, by: manager, on: quote, at: t1)
        #expect(try state.record(.reject, by: boss, on: quote, at: t2, comment: "too cheap") == .rejected(by: .generalManager))
        #expect(state.status.rawValue == "rejected")
        #expect(state.isRejected && !state.isFullyApproved)
        #expect(state.rejection?.userId == "zhao.gm")
        #expect(state.rejection?.comment == "too cheap")
        for decision in ApprovalDecision.allCases {
            let error = #expect(throws: RuleViolation.self) { try state.record(decision, by: boss, on: quote, at: t2) }
            #expect(error?.code.rawValue == "invalid_state")
        }
    }

    @Test("a fully approved thing can no longer be rejected, but a repeated approval is harmless")
    func rejectAfterApproval() throws {
        var state = ApprovalState(requiredRoles: [.salesManager])
        #expect(try state.record(.approve, by: manager, on: quote, at: t1) == .completed(.salesManager))
        let error = #expect(throws: RuleViolation.self) { try state.record(.reject, by: otherManager, on: quote, at: t2) }
        #expect(error?.code == .invalidState)
        #expect(try state.record(.approve, by: otherManager, on: quote, at: t2) == .unchanged)
        #expect(state.status == .approved)
    }

    @Test("CONTRACT.md separation of duties: someone holding both required roles satisfies only the first still-required one")
    func bothRoles() throws {
        var state = ApprovalState(requiredRoles: [.salesManager, .generalManager])
        let both = Approver(userId: "sun", roles: [.generalManager, .salesManager])
        #expect(try state.record(.approve, by: both, on: quote, at: t1) == .recorded(.salesManager))
        #expect(state.pendingRoles.names == ["general_manager"])
        let error = #expect(throws: RuleViolation.self) { try state.record(.approve, by: both, on: quote, at: t2) }
        #expect(error?.code.rawValue == "separation_of_duties")
        #expect(error?.problem.status == 403)
        #expect(error?.detail.contains("sun already decided on quote q-1 as sales_manager") == true)
        #expect(state.pendingRoles.names == ["general_manager"])
        #expect(try state.record(.approve, by: boss, on: quote, at: t2) == .completed(.generalManager))
        #expect(state.approvals.map(\.userId) == ["sun", "zhao.gm"])
    }

    @Test("CONTRACT.md separation of duties: with the first role approved by another, the holder of both takes the open one")
    func bothRolesSecond() throws {
        var state = ApprovalState(requiredRoles: [.salesManager, .generalManager])
        try state.record(.approve, by: manager, on: quote, at: t1)
        let both = Approver(userId: "sun", roles: [.generalManager, .salesManager])
        #expect(try state.record(.approve, by: both, on: quote, at: t2) == .completed(.generalManager))
    }

    @Test(
        "CONTRACT.md separation of duties: the author can neither approve nor reject, and nothing is recorded",
        arguments: [ApprovalDecision.approve, .reject])
    func authorRefused(decision: ApprovalDecision) {
        var state = ApprovalState(requiredRoles: [.salesManager])
        let byManager = SeparationOfDuties.Document("quote q-2", author: "wang.manager")
        let error = #expect(throws: RuleViolation.self) { try state.record(decision, by: manager, on: byManager, at: t1) }
        #expect(error?.code == .separationOfDuties)
        #expect(error?.problem.status == 403)
        #expect(error?.detail.hasPrefix("wang.manager is the author of quote q-2 and cannot \(decision.rawValue) it") == true)
        #expect(state.status == .pending)
        #expect(state.approvals.isEmpty && state.rejection == nil)
    }

    @Test("CONTRACT.md separation of duties: who approved in one role rejects only in that role")
    func rejectAfterOwnApproval() throws {
        var state = ApprovalState(requiredRoles: [.salesManager, .generalManager])
        let both = Approver(userId: "sun", roles: [.generalManager, .salesManager])
        try state.record(.approve, by: both, on: quote, at: t1)
        #expect(try state.record(.reject, by: both, on: quote, at: t2) == .rejected(by: .salesManager))
    }

    @Test("the decision wire names are approve and reject")
    func decisionNames() {
        #expect(ApprovalDecision.allCases.map(\.rawValue) == ["approve", "reject"])
    }
}
