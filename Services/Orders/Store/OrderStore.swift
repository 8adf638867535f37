import Foundation
import O2CContracts
import O2CPostgres

/// The `orders` table and `order_line_changes`.
enum OrderStore {
    /// The order; with `lock`, locked for the rest of the transaction.
    static func load(_ id: String, lock: Bool = false, on connection: PostgresConnection) async throws -> OrderRecord {
        let sql: SQL = "select * from orders where id = \(id)" + (lock ? " for update" : "")
        guard let row = try await connection.query(sql).rows.first else { throw RuleViolation.notFound("no order \(id)") }
        return try record(from: row)
    }

    /// The customer's owner and region kept on the order when it was signed or taken (nil for an order
    /// of a customer without one, or no such order).
    static func owner(of id: String, on connection: PostgresConnection) async throws -> (salesperson: String?, region: String?) {
        guard let row = try await connection.query("select owner, region from orders where id = \(id)").rows.first else {
            return (nil, nil)
        }
        return (row["owner"], row["region"])
    }

    static func record(from row: PostgresRow) throws -> OrderRecord {
        OrderRecord(
            id: try row.string("id"), customerId: try row.string("customer_id"), buyerName: try row.string("buyer_name"),
            lines: try StoredJSON.decode([OrderLine].self, row, "lines"), total: Money(minorUnits: try row.int64("total")),
            deliveryAddress: try row.string("delivery_address"), requestedDeliveryDate: row["requested_delivery_date"],
            paymentMethod: row["payment_method"], source: try row.value("source"), contractId: row["contract_id"],
            status: try row.value("status"),
            approval: row["approval"] == nil ? nil : try StoredJSON.decode(ApprovalState.self, row, "approval"),
            createdBy: try row.string("created_by"), owner: row["owner"], region: row["region"], createdAt: try row.date("created_at"))
    }

    static func insert(_ order: OrderRecord, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into orders (id, customer_id, buyer_name, lines, total, delivery_address, requested_delivery_date, payment_method,
                                source, contract_id, status, status_changed_at, approval,
                                created_by, created_role, created_at, updated_by, updated_role, updated_at, owner, region)
            values (\(order.id), \(order.customerId), \(order.buyerName), \(try StoredJSON.encode(order.lines)), \(order.total.minorUnits),
                    \(order.deliveryAddress), \(order.requestedDeliveryDate), \(order.paymentMethod), \(order.source.rawValue),
                    \(order.contractId), \(order.status.rawValue), \(now), \(try order.approval.map { try StoredJSON.encode($0) }),
                    \(actor.subject), \(actor.role), \(now), \(actor.subject), \(actor.role), \(now),
                    (select owner from customers where id = \(order.customerId)), (select region from customers where id = \(order.customerId)))
            """)
    }

    /// Writes status, approval, buyer name and payment method; `status_changed_at` moves only with the status.
    static func update(_ order: OrderRecord, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update orders set status_changed_at = case when status <> \(order.status.rawValue) then \(now)::timestamptz else status_changed_at end,
                status = \(order.status.rawValue), approval = \(try order.approval.map { try StoredJSON.encode($0) }),
                buyer_name = \(order.buyerName), payment_method = \(order.paymentMethod), updated_by = \(actor.subject),
                updated_role = \(actor.role), updated_at = \(now)
            where id = \(order.id)
            """)
    }

    /// An approved line-item or price change: the order's lines and total replaced, the previous ones kept in
    /// `order_line_changes` with the request that changed them.
    static func replaceLines(
        of order: OrderRecord, with lines: [OrderLine], total: Money, request requestId: String, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into order_line_changes (request_id, order_id, previous_lines, previous_total, lines, total, created_by, created_role, created_at)
            values (\(requestId), \(order.id), \(try StoredJSON.encode(order.lines)), \(order.total.minorUnits), \(try StoredJSON.encode(lines)),
                    \(total.minorUnits), \(actor.subject), \(actor.role), \(now))
            """)
        try await connection.query(
            """
            update orders set lines = \(try StoredJSON.encode(lines)), total = \(total.minorUnits), updated_by = \(actor.subject),
                updated_role = \(actor.role), updated_at = \(now)
            where id = \(order.id)
            """)
    }
}
