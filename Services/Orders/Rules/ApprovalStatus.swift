/// The statuses a document that waits for its required approvals shares (DOMAIN.md "Prices and approvals"):
/// `pending_approval` → `approved` once every required role approved, `rejected` on a rejection.
protocol ApprovalStatus: RawRepresentable<String>, Sendable, Equatable {
    static var pendingApproval: Self { get }
    static var approved: Self { get }
    static var rejected: Self { get }
}

extension ApprovalStatus {
    /// Whether approvals are still taken (an approved document takes a further decision, which changes nothing).
    var takesApprovals: Bool { self == .pendingApproval || self == .approved }

    /// The status an approval state gives the document.
    static func after(_ approval: ApprovalState) -> Self {
        approval.isRejected ? .rejected : approval.isFullyApproved ? .approved : .pendingApproval
    }
}
