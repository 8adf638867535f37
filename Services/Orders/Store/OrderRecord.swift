import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import O2CSaga

/// An order row: from a signed contract (in_progress at once) or taken by phone or fax
/// (awaiting_confirmation until sales_manager confirms). The saga host sets completed/cancelled.
struct OrderRecord {
    var id: String
    var customerId: String
    var buyerName: String
    var lines: [OrderLine]
    var total: Money
    var deliveryAddress: String
    var requestedDeliveryDate: String?
    var paymentMethod: String?
    var source: String
    var contractId: String?
    var status: String
    /// For phone/fax orders: the confirmation still needed.
    var approval: ApprovalState?
    /// Who created it (the token `sub`), as stored; set when loaded (separation of duties).
    var createdBy: String? = nil

    /// What the saga is fixed with at signing.
    var facts: OrderToCashSaga.OrderFacts {
        OrderToCashSaga.OrderFacts(
            orderId: id, customerId: customerId, customerName: buyerName, lines: lines, total: total, deliveryAddress: deliveryAddress)
    }

    static func load(_ id: String, lock: Bool = false, on connection: PostgresConnection) async throws -> OrderRecord {
        let sql = "select * from orders where id = $1" + (lock ? " for update" : "")
        guard let row = try await connection.query(sql, [id]).rows.first else { throw Problem.notFound("no order \(id)") }
        return OrderRecord(
            id: id, customerId: try row.string("customer_id"), buyerName: try row.string("buyer_name"),
            lines: try StoredJSON.decode([OrderLine].self, row, "lines"), total: Money(minorUnits: try row.int64("total")),
            deliveryAddress: try row.string("delivery_address"), requestedDeliveryDate: row["requested_delivery_date"],
            paymentMethod: row["payment_method"], source: try row.string("source"), contractId: row["contract_id"],
            status: try row.string("status"),
            approval: row["approval"] == nil ? nil : try StoredJSON.decode(ApprovalState.self, row, "approval"),
            createdBy: try row.string("created_by"))
    }

    func insert(by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into orders (id, customer_id, buyer_name, lines, total, delivery_address, requested_delivery_date, payment_method,
                                source, contract_id, status, status_changed_at, approval,
                                created_by, created_role, created_at, updated_by, updated_role, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $12, $14, $15, $12)
            """,
            [id, customerId, buyerName, try StoredJSON.encode(lines), total.minorUnits, deliveryAddress, requestedDeliveryDate,
             paymentMethod, source, contractId, status, now, try approval.map { try StoredJSON.encode($0) }, actor.subject, actor.role])
    }

    /// Writes status, approval, buyer name and payment method; `status_changed_at` moves only with the status.
    func update(by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update orders set status_changed_at = case when status <> $2 then $7::timestamptz else status_changed_at end,
                status = $2, approval = $3, buyer_name = $4, payment_method = $5, updated_by = $6, updated_role = $8, updated_at = $7
            where id = $1
            """,
            [id, status, try approval.map { try StoredJSON.encode($0) }, buyerName, paymentMethod, actor.subject, now, actor.role])
    }
}
