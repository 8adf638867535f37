import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `POST …/approvals` `{decision: "approve"|"reject", comment}` (CONTRACT.md orders).
struct ApprovalBody: Decodable {
    var decision: ApprovalDecision
    var comment: String?
}

/// Records one person's decision on a quote, contract, phone order or change request: the rule
/// decides (forbidden_role, separation_of_duties, invalid_state), the decision is kept in
/// `approval_decisions` with who, which role, when and why (DOMAIN.md "Roles": audit trail).
struct ApprovalRecorder {
    var subject: ApprovalSubject
    var subjectId: String
    /// Who created the document (its `created_by`): they decide nothing on it.
    var author: String?

    /// The decision, and the actor it was taken as (the caller in the role the decision counted for).
    func record(
        _ body: ApprovalBody, on state: inout ApprovalState, by principal: Principal, at now: Date, connection: PostgresConnection
    ) async throws -> (change: ApprovalChange, actor: Author) {
        let approver = Approver(userId: principal.subject, roles: principal.roles)
        let document = SeparationOfDuties.Document(subject.document(subjectId), authors: author.map { [$0] } ?? [])
        let change = try state.record(body.decision, by: approver, on: document, at: now, comment: body.comment)
        guard let role = change.role else { return (change, principal.actor(among: state.requiredRoles)) }
        try await ApprovalDecisionStore.insert(
            body.decision, on: subject, id: subjectId, as: role, by: principal.subject, at: now, comment: body.comment, on: connection)
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
