import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `POST …/approvals` `{decision: "approve"|"reject", comment}` (CONTRACT.md orders).
struct ApprovalBody: Decodable {
    var decision: ApprovalDecision
    var comment: String?
}

/// What every approvals answer shows: the thing's status and the roles still needed.
struct ApprovalAnswer: Encodable {
    var id: String
    var status: String
    var requiredApprovals: [Role]
    var approvedBy: [ApprovalState.Entry]
}

/// Records one person's decision on a quote, contract, phone order or change request: the rule
/// decides (forbidden_role, separation_of_duties, invalid_state), the decision is kept in
/// `approval_decisions` with who, which role, when and why (DOMAIN.md "Roles": audit trail).
struct ApprovalRecorder {
    var subjectKind: String
    var subjectId: String
    /// Who created the document (its `created_by`): they decide nothing on it.
    var author: String?

    /// The decision, and the actor it was taken as (the caller in the role the decision counted for).
    func record(
        _ body: ApprovalBody, on state: inout ApprovalState, by principal: Principal, at now: Date, connection: PostgresConnection
    ) async throws -> (change: ApprovalChange, actor: Author) {
        let approver = Approver(userId: principal.subject, roles: principal.roles)
        let document = SeparationOfDuties.Document("\(subjectKind.replacingOccurrences(of: "_", with: " ")) \(subjectId)", authors: author.map { [$0] } ?? [])
        let change = try applyingRule { () throws(RuleViolation) in
            try state.record(body.decision, by: approver, on: document, at: now, comment: body.comment)
        }
        guard let role = change.role else { return (change, principal.actor(among: state.requiredRoles)) }
        try await connection.query(
            """
            insert into approval_decisions (subject_kind, subject_id, decision, roles, decided_by, decided_at, comment)
            values ($1, $2, $3, $4, $5, $6, $7)
            """,
            [subjectKind, subjectId, body.decision.rawValue, role.rawValue, principal.subject, now, body.comment])
        return (change, Author(subject: principal.subject, role: role.rawValue))
    }
}

extension Principal {
    /// The caller as the first of their roles among `roles` (a decision that changed nothing, a creation).
    func actor(among roles: [Role]) -> Author {
        let role = roles.first(where: self.roles.contains) ?? self.roles.sorted { $0.rawValue < $1.rawValue }.first
        return Author(subject: subject, role: role?.rawValue ?? "unknown")
    }
}

extension O2CRequestContext {
    /// Any authenticated caller; the approval rule decides whether their roles count.
    func anyone() throws -> Principal {
        try require(anyOf: Set(Role.allCases))
    }
}
