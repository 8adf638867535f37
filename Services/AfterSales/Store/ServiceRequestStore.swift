import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Service requests in SQL, on the caller's connection: insert, lock and load, apply a step, and the history of every step.
enum ServiceRequestStore {

    struct New: Sendable {
        var id: String
        var orderId: String
        var customerId: String
        var sku: String?
        var description: String
        var complaintClass: ComplaintClass
    }

    static func insert(_ request: New, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into service_requests (id, order_id, customer_id, sku, description, complaint_class, status,
                created_by, created_role, created_at, updated_by, updated_role, updated_at)
            values (\(request.id), \(request.orderId), \(request.customerId), \(request.sku), \(request.description), \(request.complaintClass.rawValue), 'opened', \(actor.subject), \(actor.role), \(now), \(actor.subject), \(actor.role), \(now))
            """)
        try await recordHistory(
            request.id, action: "open", from: nil, to: .opened, note: nil, by: actor, at: now, on: connection)
    }

    /// The request's workflow state, locked for the rest of the transaction when `lock`.
    static func state(_ id: String, lock: Bool = false, on connection: PostgresConnection) async throws -> ServiceRequestState? {
        let forUpdate: SQL = lock ? " for update" : ""
        let result = try await connection.query(
            """
            select id, status, complaint_class, technician, created_by, created_role
            from service_requests where id = \(id)\(forUpdate)
            """)
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
    static func update(
        _ id: String, step: ServiceRequestStep, from: ServiceRequestStatus, to status: ServiceRequestStatus,
        technician: String? = nil, workDone: String? = nil, result: String? = nil, note: String? = nil,
        by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            update service_requests set status = \(status.rawValue), technician = coalesce(\(technician), technician),
                work_done = coalesce(\(workDone), work_done), result = coalesce(\(result), result),
                updated_by = \(actor.subject), updated_role = \(actor.role), updated_at = \(now)
            where id = \(id)
            """)
        try await recordHistory(id, action: step.rawValue, from: from, to: status, note: note, by: actor, at: now, on: connection)
    }

    private static func recordHistory(
        _ id: String, action: String, from: ServiceRequestStatus?, to: ServiceRequestStatus, note: String?,
        by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into service_request_history (request_id, action, from_status, to_status, note,
                changed_by, changed_role, changed_at)
            values (\(id), \(action), \(from?.rawValue), \(to.rawValue), \(note), \(actor.subject), \(actor.role), \(now))
            """)
    }

    /// The request as `GET /v1/service-requests/{id}` shows it, with its contact log and history.
    static func view(_ id: String, on connection: PostgresConnection) async throws -> ServiceRequestView? {
        let found = try await connection.query("select * from service_requests where id = \(id)")
        guard let row = found.rows.first else { return nil }
        let steps = try await connection.query(
            """
            select action, from_status, to_status, note, changed_by, changed_role, changed_at
            from service_request_history where request_id = \(id) order by id
            """)
        let history = try steps.rows.map { step in
            ServiceRequestView.Step(
                action: try step.string("action"), fromStatus: step.optionalString("from_status"),
                status: try step.string("to_status"), note: step.optionalString("note"),
                by: try step.string("changed_by"), role: try step.string("changed_role"), at: try step.date("changed_at"))
        }
        let contacts = history.filter { $0.action == ServiceRequestStep.contact.rawValue }.map {
            ServiceRequestView.Contact(note: $0.note ?? "", by: $0.by, role: $0.role, at: $0.at)
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

    /// A service request (a complaint, classed quality or non-quality) as lists show it: its state without
    /// its history and contact log (those are read one by one).
    struct Listed: Encodable {
        var id: String
        var orderId: String
        var customerId: String
        var sku: String?
        var description: String
        var complaintClass: String
        var status: String
        var technician: String?
        var result: String?
        var createdBy: String
        var createdRole: String
        var createdAt: Date
    }

    /// A page of service requests, newest first: `orderId`, `customerId`, `sku`, `complaintClass`, `technician`,
    /// `status`, `from`/`to`, `q` an id or part of the description.
    static func list(_ query: ListQuery, on connection: PostgresConnection) async throws -> (items: [Listed], next: ListCursor?) {
        var conditions = query.conditions()
        for (filter, column) in [
            ("orderId", "order_id"), ("sku", "sku"), ("complaintClass", "complaint_class"), ("technician", "technician"),
        ] {
            if let value = query.filters[filter] { conditions.append("\(identifier: column) = \(value)") }
        }
        if let pattern = query.likePattern {
            conditions.append("(id = \(query.text) or order_id = \(query.text) or description ilike \(pattern))")
        }
        let rows = try await connection.query(
            """
            select *, \(ListQuery.cursorColumn()) from service_requests
            where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit())
            """
        ).rows
        return try query.page(rows) { row in
            Listed(
                id: try row.string("id"), orderId: try row.string("order_id"), customerId: try row.string("customer_id"),
                sku: row.optionalString("sku"), description: try row.string("description"),
                complaintClass: try row.string("complaint_class"), status: try row.string("status"),
                technician: row.optionalString("technician"), result: row.optionalString("result"),
                createdBy: try row.string("created_by"), createdRole: try row.string("created_role"), createdAt: try row.date("created_at"))
        }
    }

    /// Quality complaints counted per sku (nil: complaints naming no sku), most first.
    static func qualityComplaintsBySku(on connection: PostgresConnection) async throws -> [(sku: String?, complaints: Int)] {
        let result = try await connection.query(
            """
            select sku, count(*) as complaints from service_requests
            where complaint_class = \(ComplaintClass.quality.rawValue) group by sku order by count(*) desc, sku
            """)
        return try result.rows.map { (sku: $0.optionalString("sku"), complaints: try $0.int("complaints")) }
    }
}
