import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime
import O2CSaga

/// The statements of after-sales' worklist (`GET /v1/worklist`), each served by a partial index of migration 210
/// (the steps taken by `return_history_return`, the deadline by the sagas' primary key). Who may take a step is
/// decided from the facts by the step rules, so a statement reads more candidates than the worklist shows.
enum WorklistStore {
    static let scanLimit = 1_000

    struct Return: Sendable {
        var orderId: String
        var kind: String
        var since: Date
        /// The return saga's deadline for the step (the next one, or the one that passed unanswered).
        var dueBy: Date?
        var facts: ReturnStepRules.Facts
        var id: String
    }

    /// Returns awaiting confirmation, inspection or approval, with who took their steps so far.
    static func returnsAtAStep(on connection: PostgresConnection) async throws -> [Return] {
        let rows = try await connection.query(
            """
            select r.id, r.order_id, r.kind, r.status, r.created_by, r.updated_at,
                coalesce(s.next_deadline, s.overdue_since) as due_by
            from returns r left join sagas s on s.type = \(ReturnSaga.sagaType) and s.id = r.id
            where r.status in ('awaiting_confirmation', 'awaiting_inspection', 'awaiting_approval')
            order by r.updated_at, r.id limit \(scanLimit)
            """
        ).rows
        let ids = try rows.map { try $0.string("id") }
        var decisions: [String: [ReturnStepRules.Facts.Decision]] = [:]
        if !ids.isEmpty {
            let steps = try await connection.query(
                """
                select return_id, changed_by, changed_role from return_history
                where return_id = any(\(ids)::text[]) and action in ('confirmed', 'inspected_genuine', 'inspected_not_genuine')
                order by return_id, id
                """)
            for step in steps.rows {
                guard let role = Role(rawValue: try step.string("changed_role")) else { continue }
                decisions[try step.string("return_id"), default: []].append(.init(person: try step.string("changed_by"), role: role))
            }
        }
        return try rows.map { row in
            let id = try row.string("id")
            return Return(
                orderId: try row.string("order_id"), kind: try row.string("kind"), since: try row.date("updated_at"),
                dueBy: try row.optionalDate("due_by"),
                facts: ReturnStepRules.Facts(
                    state: try ReturnStore.phase(try row.string("status"), of: id),
                    document: .init("return \(id)", author: try row.string("created_by")),
                    decisions: decisions[id] ?? []),
                id: id)
        }
    }

    struct ServiceRequest: Sendable {
        var orderId: String
        var since: Date
        var state: ServiceRequestState
    }

    /// Service requests not closed.
    static func openServiceRequests(on connection: PostgresConnection) async throws -> [ServiceRequest] {
        try await connection.query(
            """
            select id, order_id, status, complaint_class, technician, created_by, created_role, updated_at from service_requests
            where status <> 'closed' order by updated_at, id limit \(scanLimit)
            """
        ).rows.compactMap { row in
            // A status or class this build does not know is no step of anyone's.
            guard let status = ServiceRequestStatus(rawValue: try row.string("status")),
                let complaintClass = ComplaintClass(rawValue: try row.string("complaint_class"))
            else { return nil }
            return ServiceRequest(
                orderId: try row.string("order_id"), since: try row.date("updated_at"),
                state: ServiceRequestState(
                    id: try row.string("id"), status: status, complaintClass: complaintClass, technician: row["technician"],
                    createdBy: try row.string("created_by"), createdRole: try row.string("created_role")))
        }
    }
}
