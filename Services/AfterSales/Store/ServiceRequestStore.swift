import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Service requests in SQL: insert, lock and load, apply a step, and the history of every step.
struct ServiceRequestStore {
    let connection: PostgresConnection

    struct New: Sendable {
        var id: String
        var orderId: String
        var customerId: String
        var sku: String?
        var description: String
        var complaintClass: ComplaintClass
    }

    func insert(_ request: New, by actor: Author, at now: Date) async throws {
        try await connection.query(
            """
            insert into service_requests (id, order_id, customer_id, sku, description, complaint_class, status,
                created_by, created_role, created_at, updated_by, updated_role, updated_at)
            values ($1, $2, $3, $4, $5, $6, 'opened', $7, $8, $9, $7, $8, $9)
            """,
            [request.id, request.orderId, request.customerId, request.sku, request.description,
             request.complaintClass.rawValue, actor.subject, actor.role, now])
        try await recordHistory(
            request.id, action: "open", from: nil, to: .opened, note: nil, by: actor, at: now)
    }

    /// The request's workflow state, locked for the rest of the transaction when `lock`.
    func state(_ id: String, lock: Bool = false) async throws -> ServiceRequestState? {
        let result = try await connection.query(
            """
            select id, status, complaint_class, technician, created_by, created_role
            from service_requests where id = $1
            """ + (lock ? " for update" : ""), [id])
        guard let row = result.rows.first else { return nil }
        guard let status = ServiceRequestStatus(rawValue: try row.string("status")),
              let complaintClass = ComplaintClass(rawValue: try row.string("complaint_class"))
        else {
            throw PostgresError(code: .decodingFailed, message: "service request \(id) has an unknown status or complaint class")
        }
        return ServiceRequestState(
            id: id, status: status, complaintClass: complaintClass, technician: row.optionalString("technician"),
            createdBy: try row.string("created_by"), createdRole: try row.string("created_role"))
    }

    /// Moves the request to `status`, setting the columns the step fills (technician, work done, result).
    func update(
        _ id: String, step: ServiceRequestStep, from: ServiceRequestStatus, to status: ServiceRequestStatus,
        technician: String? = nil, workDone: String? = nil, result: String? = nil, note: String? = nil,
        by actor: Author, at now: Date
    ) async throws {
        try await connection.query(
            """
            update service_requests set status = $2, technician = coalesce($3, technician),
                work_done = coalesce($4, work_done), result = coalesce($5, result),
                updated_by = $6, updated_role = $7, updated_at = $8
            where id = $1
            """, [id, status.rawValue, technician, workDone, result, actor.subject, actor.role, now])
        try await recordHistory(id, action: step.rawValue, from: from, to: status, note: note, by: actor, at: now)
    }

    private func recordHistory(
        _ id: String, action: String, from: ServiceRequestStatus?, to: ServiceRequestStatus, note: String?,
        by actor: Author, at now: Date
    ) async throws {
        try await connection.query(
            """
            insert into service_request_history (request_id, action, from_status, to_status, note,
                changed_by, changed_role, changed_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            """, [id, action, from?.rawValue, to.rawValue, note, actor.subject, actor.role, now])
    }
}
