import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import O2CSaga

/// Returns in SQL: the return and its lines, its status (following the saga), and the history of every
/// step with who, in which role, when, and their comment.
enum ReturnStore {

    /// A return's own row.
    struct Record: Sendable {
        var orderId: String, customerId: String, kind: String, status: String, reason: String, createdBy: String, createdAt: Date
    }

    /// A requested line, with what the warehouse took back once counted.
    struct Line: Sendable {
        var sku: String, quantity: Int, receivedQuantity: Int?, unitPrice: Money
    }

    /// One step of the return's history.
    struct Step: Sendable {
        var action: String, status: String, comment: String?, by: String, role: String, at: Date
    }

    static func record(_ id: String, on connection: PostgresConnection) async throws -> Record? {
        guard
            let row = try await connection.query(
                "select order_id, customer_id, kind, status, reason, created_by, created_at from returns where id = \(id)"
            ).rows.first
        else { return nil }
        return Record(
            orderId: try row.string("order_id"), customerId: try row.string("customer_id"), kind: try row.string("kind"),
            status: try row.string("status"), reason: try row.string("reason"), createdBy: try row.string("created_by"),
            createdAt: try row.date("created_at"))
    }

    /// The return's lines, by sku.
    static func lines(_ id: String, on connection: PostgresConnection) async throws -> [Line] {
        try await connection.query(
            "select sku, quantity, received_quantity, unit_price from return_lines where return_id = \(id) order by sku"
        ).rows.map {
            Line(
                sku: try $0.string("sku"), quantity: try $0.int("quantity"), receivedQuantity: try $0.optionalInt("received_quantity"),
                unitPrice: Money(minorUnits: try $0.int64("unit_price")))
        }
    }

    /// Every step of the return, in the order taken.
    static func history(_ id: String, on connection: PostgresConnection) async throws -> [Step] {
        try await connection.query(
            """
            select action, status, comment, changed_by, changed_role, changed_at from return_history where return_id = \(id) order by id
            """
        ).rows.map {
            Step(
                action: try $0.string("action"), status: try $0.string("status"), comment: $0.optionalString("comment"),
                by: try $0.string("changed_by"), role: try $0.string("changed_role"), at: try $0.date("changed_at"))
        }
    }

    static func insert(_ request: ReturnSaga.Request, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into returns (id, order_id, customer_id, kind, reason, status, created_by, created_role, created_at, updated_at)
            values (\(request.returnId), \(request.orderId), \(request.customerId), \(request.kind.rawValue), \(request.reason), \(ReturnSaga.Phase.awaitingConfirmation.rawValue), \(actor.subject), \(actor.role), \(now), \(now))
            """)
        for line in request.lines {
            try await connection.query(
                "insert into return_lines (return_id, sku, quantity, unit_price) values (\(request.returnId), \(line.sku), \(line.quantity), \(line.unitPrice.minorUnits))"
            )
        }
        try await connection.query(
            """
            insert into return_history (return_id, action, status, comment, changed_by, changed_role, changed_at)
            values (\(request.returnId), 'requested', \(ReturnSaga.Phase.awaitingConfirmation.rawValue), \(request.reason), \(actor.subject), \(actor.role), \(now))
            """)
    }

    /// The return's status, locked for the rest of the transaction (decisions on one return serialise).
    static func lockedStatus(_ id: String, on connection: PostgresConnection) async throws -> String? {
        try await connection.query("select status from returns where id = \(id) for update").rows.first?.string("status")
    }

    /// The return's state, requester and the people who took its decision steps so far, locked for the
    /// rest of the transaction (decisions on one return serialise).
    static func lockedFacts(_ id: String, on connection: PostgresConnection) async throws -> ReturnStepRules.Facts? {
        guard let row = try await connection.query("select status, created_by from returns where id = \(id) for update").rows.first
        else { return nil }
        let steps = try await connection.query(
            """
            select changed_by, changed_role from return_history
            where return_id = \(id) and action in ('confirmed', 'inspected_genuine', 'inspected_not_genuine') order by id
            """)
        var decisions: [ReturnStepRules.Facts.Decision] = []
        for step in steps.rows {
            if let role = Role(rawValue: try step.string("changed_role")) {
                decisions.append(.init(person: try step.string("changed_by"), role: role))
            }
        }
        return ReturnStepRules.Facts(
            state: try ReturnStore.phase(try row.string("status"), of: id),
            document: .init("return \(id)", author: try row.string("created_by")), decisions: decisions)
    }

    /// A stored status as the saga's phase (every status a return is given is one); another is a broken row.
    static func phase(_ status: String, of id: String) throws -> ReturnSaga.Phase {
        guard let phase = ReturnSaga.Phase(rawValue: status) else {
            throw PostgresError(
                code: .decodingFailed, message: "return \(id) has the status '\(status)', which is no phase of the return saga")
        }
        return phase
    }

    /// Records a step and moves the return's status to the saga's state.
    static func recordStep(
        _ id: String, action: String, status: String, comment: String?, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query("update returns set status = \(status), updated_at = \(now) where id = \(id)")
        try await connection.query(
            """
            insert into return_history (return_id, action, status, comment, changed_by, changed_role, changed_at)
            values (\(id), \(action), \(status), \(comment), \(actor.subject), \(actor.role), \(now))
            """)
    }

    /// Keeps what the warehouse took back of each line (nothing counted is 0); the first count stands.
    static func recordReceived(_ id: String, lines: [ReturnLine], on connection: PostgresConnection) async throws {
        let received = try await connection.query("select sku from return_lines where return_id = \(id)")
        for row in received.rows {
            let sku = try row.string("sku")
            let quantity = lines.first { $0.sku == sku }?.quantity ?? 0
            try await connection.query(
                "update return_lines set received_quantity = coalesce(received_quantity, \(quantity)) where return_id = \(id) and sku = \(sku)"
            )
        }
    }

    /// A page of returns' ids, newest first (CONTRACT.md "The department's daily work"): `orderId`,
    /// `customerId`, `kind`, `status`, `from`/`to`, `q` a return or order id.
    static func ids(_ query: ListQuery, on connection: PostgresConnection) async throws -> (items: [String], next: ListCursor?) {
        var conditions = query.conditions()
        if let orderId = query.filters["orderId"] { conditions.append("order_id = \(orderId)") }
        if let kind = query.filters["kind"] { conditions.append("kind = \(kind)") }
        if let text = query.text { conditions.append("(id = \(text) or order_id = \(text))") }
        let rows = try await connection.query(
            """
            select id, \(ListQuery.cursorColumn()) from returns where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit())
            """
        ).rows
        return try query.page(rows) { try $0.string("id") }
    }

    /// The ids of an order's returns, oldest first.
    static func ids(orderId: String, on connection: PostgresConnection) async throws -> [String] {
        try await connection.query("select id from returns where order_id = \(orderId) order by created_at, id")
            .rows.map { try $0.string("id") }
    }
}
