import O2CContracts

extension ApprovalState {
    /// Whether the document waits for a decision `approver` may take (its worklist, CONTRACT.md "The department's
    /// daily work"): still pending, a role the approver holds still to approve, and neither of the refusals of
    /// separation of duties — the approver is not its author and has not decided on it already (in one role a
    /// second decision changes nothing, in another it is refused).
    package func awaits(_ approver: Approver, author: String?) -> Bool {
        guard status == .pending, approver.userId != author else { return false }
        guard !approvals.contains(where: { $0.userId == approver.userId }) else { return false }
        return pendingRoles.contains(where: approver.roles.contains)
    }
}
