import Foundation
import O2CPostgres

/// `GET /v1/service-requests/{id}`: the request as it stands, its contacts with the customer, and
/// every step taken on it with who, in which role, and when.
struct ServiceRequestView: Encodable, Sendable {
    struct Step: Encodable, Sendable {
        var action: String
        var fromStatus: String?
        var status: String
        var note: String?
        var by: String
        var role: String
        var at: Date
    }

    struct Contact: Encodable, Sendable {
        var note: String
        var by: String
        var role: String
        var at: Date
    }

    var id: String
    var orderId: String
    var customerId: String
    var sku: String?
    var description: String
    var complaintClass: String
    var status: String
    var technician: String?
    var workDone: String?
    var result: String?
    var createdBy: String
    var createdRole: String
    var createdAt: Date
    var contactLog: [Contact]
    var history: [Step]

    static func load(_ id: String, on connection: PostgresConnection) async throws -> ServiceRequestView? {
        let found = try await connection.query("select * from service_requests where id = $1", [id])
        guard let row = found.rows.first else { return nil }
        let steps = try await connection.query(
            """
            select action, from_status, to_status, note, changed_by, changed_role, changed_at
            from service_request_history where request_id = $1 order by id
            """, [id])
        let history = try steps.rows.map { step in
            Step(
                action: try step.string("action"), fromStatus: step.optionalString("from_status"),
                status: try step.string("to_status"), note: step.optionalString("note"),
                by: try step.string("changed_by"), role: try step.string("changed_role"), at: try step.date("changed_at"))
        }
        let contacts = history.filter { $0.action == ServiceRequestStep.contact.rawValue }.map {
            Contact(note: $0.note ?? "", by: $0.by, role: $0.role, at: $0.at)
        }
        return ServiceRequestView(
            id: id, orderId: try row.string("order_id"), customerId: try row.string("customer_id"),
            sku: row.optionalString("sku"), description: try row.string("description"),
            complaintClass: try row.string("complaint_class"), status: try row.string("status"),
            technician: row.optionalString("technician"), workDone: row.optionalString("work_done"),
            result: row.optionalString("result"), createdBy: try row.string("created_by"),
            createdRole: try row.string("created_role"), createdAt: try row.date("created_at"),
            contactLog: contacts, history: history)
    }
}
