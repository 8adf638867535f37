import O2CContracts
import O2CSaga

/// Who decides which step of a return (DOMAIN.md "Roles", "After-sales and returns"): branch_manager
/// confirms (first review), a technician authenticates the goods, sales_manager approves the return
/// detail. A caller with none of the step's roles is refused (403); a return that is not at that step
/// is refused (409). Separation of duties (CONTRACT.md, 权力制衡): the return's requester decides no step
/// of it, and whoever took one step takes no other in another role (403 `separation_of_duties`). Pure: no I/O.
enum ReturnStepRules {
    enum Step: String, Sendable {
        case confirmation, inspection, approval
    }

    /// What the rules know of a return: its state, who requested it, and who took its steps so far.
    struct Facts: Sendable {
        struct Decision: Sendable, Hashable {
            var person: String
            var role: Role
        }
        var state: ReturnSaga.Phase
        var document: SeparationOfDuties.Document
        /// The confirmation and inspection taken, oldest first.
        var decisions: [Decision]
    }

    /// The roles that take some approval (the coarse check before loading the return).
    static let approvers: Set<Role> = [.branchManager, .salesManager]

    /// Which approval `POST /v1/returns/{id}/approvals` is, from the return's state, and the role taking it.
    static func approval(_ facts: Facts, by person: String, roles: Set<Role>, deciding verb: String) throws(RuleViolation) -> (Step, Role) {
        let (step, role): (Step, Role)
        switch facts.state {
        case .awaitingConfirmation:
            guard roles.contains(.branchManager) else {
                throw RuleViolation.forbidden("the return awaits its first review by a branch_manager")
            }
            (step, role) = (.confirmation, .branchManager)
        case .awaitingApproval:
            guard roles.contains(.salesManager) else {
                throw RuleViolation.forbidden("the return detail is approved by a sales_manager")
            }
            (step, role) = (.approval, .salesManager)
        case .awaitingInspection, .awaitingReturnNote, .awaitingReceipt, .receiptDiscrepancy, .awaitingCreditNote,
            .awaitingReplacementDispatch, .awaitingReplacementDelivery, .refunded, .exchanged, .rejected:
            guard !roles.isDisjoint(with: approvers) else {
                throw RuleViolation.forbidden("returns are approved by a branch_manager or sales_manager")
            }
            throw RuleViolation.invalidState("the return is \(facts.state.rawValue); it awaits no approval")
        }
        try separate(person, as: role, deciding: verb, on: facts)
        return (step, role)
    }

    /// The technician's authentication, only while the return awaits it.
    static func inspection(_ facts: Facts, by person: String, roles: Set<Role>) throws(RuleViolation) -> Role {
        guard roles.contains(.technician) else {
            throw RuleViolation.forbidden("the goods are authenticated by the technical department (technician)")
        }
        guard facts.state == .awaitingInspection else {
            throw RuleViolation.invalidState("the return is \(facts.state.rawValue); it awaits no inspection")
        }
        try separate(person, as: .technician, deciding: "inspect", on: facts)
        return .technician
    }

    /// The requester takes no step; one person takes steps in one role only.
    private static func separate(_ person: String, as role: Role, deciding verb: String, on facts: Facts) throws(RuleViolation) {
        try SeparationOfDuties.refuseAuthor(person, deciding: verb, on: facts.document)
        if let earlier = facts.decisions.first(where: { $0.person == person }) {
            try SeparationOfDuties.refuseSecondRole(person, already: earlier.role, now: role, on: facts.document)
        }
    }
}
