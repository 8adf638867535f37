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

    @Test("the approval step follows the return's state: branch_manager confirms, sales_manager approves")
    func approvals() throws {
        let both: Set<Role> = [.branchManager, .salesManager]
        #expect(try ReturnStepRules.approval(state: "awaiting_confirmation", roles: both) == (.confirmation, .branchManager))
        #expect(try ReturnStepRules.approval(state: "awaiting_approval", roles: both) == (.approval, .salesManager))
    }

    @Test("the wrong manager at a step is forbidden_role", arguments: [
        ("awaiting_confirmation", Role.salesManager), ("awaiting_approval", .branchManager), ("awaiting_confirmation", .salesperson),
        ("awaiting_receipt", .technician),
    ])
    func wrongRole(_ state: String, _ role: Role) {
        let error = refusal { () throws(RuleViolation) in try ReturnStepRules.approval(state: state, roles: [role]) }
        #expect(error?.code == .forbiddenRole)
        #expect(error?.problem.status == 403)
    }

    @Test("an approval when none is awaited is invalid_state", arguments: ["awaiting_inspection", "awaiting_receipt", "refunded", "rejected"])
    func outOfTurn(_ state: String) {
        let error = refusal { () throws(RuleViolation) in try ReturnStepRules.approval(state: state, roles: [.salesManager]) }
        #expect(error?.code == .invalidState)
        #expect(error?.problem.code == "invalid_state")
    }

    @Test("only a technician inspects, and only while the return awaits inspection")
    func inspection() throws {
        #expect(try ReturnStepRules.inspection(state: "awaiting_inspection", roles: [.technician]) == .technician)
        #expect(refusal { () throws(RuleViolation) in try ReturnStepRules.inspection(state: "awaiting_inspection", roles: [.salesManager]) }?.code == .forbiddenRole)
        #expect(refusal { () throws(RuleViolation) in try ReturnStepRules.inspection(state: "awaiting_confirmation", roles: [.technician]) }?.code == .invalidState)
    }
}
