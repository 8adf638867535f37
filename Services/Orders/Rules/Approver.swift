import O2CContracts

/// Who decides: the token's subject and roles (CONTRACT.md "HTTP conventions").
package struct Approver: Sendable, Hashable, Codable {
    package var userId: String
    package var roles: Set<Role>

    package init(userId: String, roles: some Sequence<Role>) {
        self.userId = userId
        self.roles = Set(roles)
    }
}

/// The wire values of `POST …/approvals` `{decision: "approve"|"reject", comment}`.
package enum ApprovalDecision: String, Sendable, Hashable, Codable, CaseIterable {
    case approve
    case reject
}

/// What one decision did to an `ApprovalState`.
package enum ApprovalChange: Sendable, Hashable {
    /// The approval recorded for this role; others are still pending.
    case recorded(Role)
    /// The last pending role approved: the thing is approved and takes effect now.
    case completed(Role)
    /// A required role rejected: the thing is rejected.
    case rejected(by: Role)
    /// Nothing changed: every role this approver holds had already approved (a repeat is harmless).
    case unchanged

    /// The role the decision was taken in; none when nothing changed.
    package var role: Role? {
        switch self {
        case .recorded(let role), .completed(let role), .rejected(let role): role
        case .unchanged: nil
        }
    }
}
