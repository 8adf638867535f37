import Foundation
import O2CContracts

/// The approval of one quote, contract or change request (DOMAIN.md "Prices and approvals",
/// "Order amendments"): which roles must approve, who did and when, and whether it is settled.
/// Every decision is kept with who, in which role, and when (DOMAIN.md "Roles": audit trail).
package struct ApprovalState: Sendable, Hashable, Codable {
    package enum Status: String, Sendable, Hashable, Codable {
        case pending, approved, rejected
    }

    /// One role's recorded decision.
    package struct Entry: Sendable, Hashable, Codable {
        package var role: Role
        package var userId: String
        package var at: Date
        package var comment: String?
    }

    /// The roles that must approve, deduplicated, in a stable order.
    package let requiredRoles: [Role]
    /// Approvals given, in the order given; at most one per role.
    package private(set) var approvals: [Entry] = []
    /// The rejection that settled it, if any.
    package private(set) var rejection: Entry?

    package init(requiredRoles: some Sequence<Role>) {
        self.requiredRoles = requiredRoles.inRoleOrder
    }

    package var approvedRoles: [Role] { approvals.map(\.role) }
    package var pendingRoles: [Role] { requiredRoles.filter { !approvedRoles.contains($0) } }
    package var isFullyApproved: Bool { rejection == nil && pendingRoles.isEmpty }
    package var isRejected: Bool { rejection != nil }

    package var status: Status {
        if isRejected { return .rejected }
        return pendingRoles.isEmpty ? .approved : .pending
    }

    /// Records `decision` by `approver` on `document`.
    ///
    /// An approval satisfies one role: the first still-pending required role the approver holds, in
    /// the document's role order; repeating it changes nothing. A rejection by any holder of a required
    /// role rejects the whole. Separation of duties (CONTRACT.md, 权力制衡): the document's author
    /// decides nothing on it, and whoever approved in one role decides again only in that role.
    /// - Throws: `forbidden_role` when the approver holds no required role (nothing to approve
    ///   also counts); `separation_of_duties` for the author, or for a second role of one approver;
    ///   `invalid_state` for any decision after a rejection, or a rejection after full approval.
    @discardableResult
    package mutating func record(
        _ decision: ApprovalDecision, by approver: Approver, on document: SeparationOfDuties.Document, at time: Date,
        comment: String? = nil
    ) throws(RuleViolation) -> ApprovalChange {
        let held = requiredRoles.filter(approver.roles.contains)
        guard let firstHeld = held.first else {
            let needed = requiredRoles.isEmpty ? "no approval" : requiredRoles.map(\.rawValue).joined(separator: ", ")
            throw .forbidden("this needs \(needed); \(approver.userId) holds none of those roles")
        }
        try SeparationOfDuties.refuseAuthor(approver.userId, deciding: decision.rawValue, on: document)
        if let rejection {
            throw .invalidState("already rejected by \(rejection.role.rawValue) \(rejection.userId)")
        }
        let earlier = approvals.first { $0.userId == approver.userId }?.role
        let open = held.first { !approvedRoles.contains($0) }
        switch decision {
        case .approve:
            guard let role = open else { return .unchanged }
            if let earlier {
                try SeparationOfDuties.refuseSecondRole(approver.userId, already: earlier, now: role, on: document)
            }
            approvals.append(Entry(role: role, userId: approver.userId, at: time, comment: comment))
            return pendingRoles.isEmpty ? .completed(role) : .recorded(role)
        case .reject:
            guard !isFullyApproved else { throw .invalidState("already approved; it can no longer be rejected") }
            // Whoever approved rejects in the role they approved in, never in a second one.
            let role = earlier ?? open ?? firstHeld
            rejection = Entry(role: role, userId: approver.userId, at: time, comment: comment)
            return .rejected(by: role)
        }
    }
}
