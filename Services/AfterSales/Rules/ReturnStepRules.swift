import O2CContracts
import O2CSaga

/// Who decides which step of a return (DOMAIN.md "Roles", "After-sales and returns"): branch_manager
/// confirms (first review), a technician authenticates the goods, sales_manager approves the return
/// detail. A caller with none of the step's roles is refused (403); a return that is not at that step
/// is refused (409). Pure: no I/O.
enum ReturnStepRules {
    enum Step: String, Sendable {
        case confirmation, inspection, approval
    }

    /// The roles that take some approval (the coarse check before loading the return).
    static let approvers: Set<Role> = [.branchManager, .salesManager]

    /// Which approval `POST /v1/returns/{id}/approvals` is, from the return's state, and the role taking it.
    static func approval(state: String, roles: Set<Role>) throws(RuleViolation) -> (Step, Role) {
        switch state {
        case ReturnSaga.Phase.awaitingConfirmation.rawValue:
            guard roles.contains(.branchManager) else {
                throw RuleViolation.forbidden("the return awaits its first review by a branch_manager")
            }
            return (.confirmation, .branchManager)
        case ReturnSaga.Phase.awaitingApproval.rawValue:
            guard roles.contains(.salesManager) else {
                throw RuleViolation.forbidden("the return detail is approved by a sales_manager")
            }
            return (.approval, .salesManager)
        default:
            guard !roles.isDisjoint(with: approvers) else {
                throw RuleViolation.forbidden("returns are approved by a branch_manager or sales_manager")
            }
            throw RuleViolation.invalidState("the return is \(state); it awaits no approval")
        }
    }

    /// The technician's authentication, only while the return awaits it.
    static func inspection(state: String, roles: Set<Role>) throws(RuleViolation) -> Role {
        guard roles.contains(.technician) else {
            throw RuleViolation.forbidden("the goods are authenticated by the technical department (technician)")
        }
        guard state == ReturnSaga.Phase.awaitingInspection.rawValue else {
            throw RuleViolation.invalidState("the return is \(state); it awaits no inspection")
        }
        return .technician
    }
}
