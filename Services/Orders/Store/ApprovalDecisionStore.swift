import Foundation
import O2CContracts
import O2CPostgres

/// `approval_decisions`: every decision on a quote, contract, phone order or change request, with who, in which
/// role, when and why (DOMAIN.md "Roles": audit trail).
enum ApprovalDecisionStore {
    static func insert(
        _ decision: ApprovalDecision, on subject: ApprovalSubject, id subjectId: String, as role: Role, by userId: String, at now: Date,
        comment: String?, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into approval_decisions (subject_kind, subject_id, decision, roles, decided_by, decided_at, comment)
            values (\(subject.rawValue), \(subjectId), \(decision.rawValue), \(role.rawValue), \(userId), \(now), \(comment))
            """)
    }
}
