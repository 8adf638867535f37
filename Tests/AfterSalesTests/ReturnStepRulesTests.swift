import O2CContracts
import O2CSaga
import Testing

@testable import AfterSales

/// DOMAIN.md "Roles": branch_manager first reviews return requests, a technician authenticates the goods,
/// sales_manager approves the return detail; anyone else is refused (403), and a step out of turn is 409.
@Suite("Return step rules (DOMAIN.md Roles; After-sales and returns)")
struct ReturnStepRulesTests {
    func refusal<T>(_ body: () throws(RuleViolation) -> T) -> RuleViolation? {
        do { _ = try body(); return nil } catch { return error }
    }

    /// A return requested by the salesperson `chen`, with the steps taken so far.
    func facts(_ state: String, _ decisions: [ReturnStepRules.Facts.Decision] = []) -> ReturnStepRules.Facts {
        ReturnStepRules.Facts(
            state: ReturnSaga.Phase(rawValue: state) ?? .rejected, document: .init("return rt-1", author: "chen"), decisions: decisions)
    }

    @Test("the approval step follows the return's state: branch_manager confirms, sales_manager approves")
    func approvals() throws {
        let both: Set<Role> = [.branchManager, .salesManager]
        #expect(
            try ReturnStepRules.approval(facts("awaiting_confirmation"), by: "li", roles: both, deciding: "approve") == (
                .confirmation, .branchManager
            ))
        #expect(
            try ReturnStepRules.approval(facts("awaiting_approval"), by: "li", roles: both, deciding: "approve") == (
                .approval, .salesManager
            ))
    }

    @Test(
        "the wrong manager at a step is forbidden_role",
        arguments: [
            ("awaiting_confirmation", Role.salesManager), ("awaiting_approval", .branchManager), ("awaiting_confirmation", .salesperson),
            ("awaiting_receipt", .technician),
        ])
    func wrongRole(_ state: String, _ role: Role) {
        let error = refusal { () throws(RuleViolation) in
            try ReturnStepRules.approval(facts(state), by: "li", roles: [role], deciding: "approve")
        }
        #expect(error?.code == .forbiddenRole)
        #expect(error?.problem.status == 403)
    }

    @Test(
        "an approval when none is awaited is invalid_state", arguments: ["awaiting_inspection", "awaiting_receipt", "refunded", "rejected"])
    func outOfTurn(_ state: String) {
        let error = refusal { () throws(RuleViolation) in
            try ReturnStepRules.approval(facts(state), by: "li", roles: [.salesManager], deciding: "approve")
        }
        #expect(error?.code == .invalidState)
        #expect(error?.problem.code == "invalid_state")
    }

    @Test("only a technician inspects, and only while the return awaits inspection")
    func inspection() throws {
        #expect(try ReturnStepRules.inspection(facts("awaiting_inspection"), by: "ma", roles: [.technician]) == .technician)
        #expect(
            refusal { () throws(RuleViolation) in
                try ReturnStepRules.inspection(facts("awaiting_inspection"), by: "ma", roles: [.salesManager])
            }?.code == .forbiddenRole)
        #expect(
            refusal { () throws(RuleViolation) in
                try ReturnStepRules.inspection(facts("awaiting_confirmation"), by: "ma", roles: [.technician])
            }?.code == .invalidState)
    }

    @Test(
        "CONTRACT.md separation of duties: the requester takes no step of their own return",
        arguments: ["awaiting_confirmation", "awaiting_approval"])
    func requesterRefused(_ state: String) {
        let error = refusal { () throws(RuleViolation) in
            try ReturnStepRules.approval(
                facts(state), by: "chen", roles: [.branchManager, .salesManager, .salesperson], deciding: "reject")
        }
        #expect(error?.code == .separationOfDuties)
        #expect(error?.problem.status == 403)
        #expect(error?.detail.hasPrefix("chen is the author of return rt-1 and cannot reject it") == true)
        #expect(
            refusal { () throws(RuleViolation) in
                try ReturnStepRules.inspection(facts("awaiting_inspection"), by: "chen", roles: [.technician])
            }?.code == .separationOfDuties)
    }

    @Test("CONTRACT.md separation of duties: who confirmed as branch_manager neither inspects nor approves the return")
    func oneStepEach() throws {
        let confirmed = [ReturnStepRules.Facts.Decision(person: "li", role: .branchManager)]
        let all: Set<Role> = [.branchManager, .salesManager, .technician]
        let approving = refusal { () throws(RuleViolation) in
            try ReturnStepRules.approval(facts("awaiting_approval", confirmed), by: "li", roles: all, deciding: "approve")
        }
        #expect(approving?.code == .separationOfDuties)
        #expect(approving?.detail.contains("li already decided on return rt-1 as branch_manager") == true)
        #expect(
            refusal { () throws(RuleViolation) in
                try ReturnStepRules.inspection(facts("awaiting_inspection", confirmed), by: "li", roles: all)
            }?.code == .separationOfDuties)
        #expect(
            try ReturnStepRules.approval(facts("awaiting_approval", confirmed), by: "wu", roles: all, deciding: "approve") == (
                .approval, .salesManager
            ))
    }
}
