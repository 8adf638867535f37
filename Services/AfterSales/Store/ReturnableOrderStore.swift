import Foundation
import O2CContracts
import O2CPostgres

/// The orders after-sales can take returns for, as a projection of `orders.contract_signed.v1`,
/// `orders.order_amended.v1` and `warehouse.delivery_confirmed.v1`. Facts may come twice or out of
/// order: lines are replaced only by a newer signing or amendment, a delivery is keyed on its note.
enum ReturnableOrderStore {

    struct Order: Sendable {
        var orderId: String
        var customerId: String?
        var customerName: String?
        var deliveryAddress: String?
        var delivered: Bool
        var deliveredAt: Date?
        /// Ordered lines with what was delivered of each.
        var lines: [(sku: String, ordered: Int, delivered: Int, unitPrice: Money)]
    }

    /// Records the order's customer and lines (from a signing or an amendment made at `at`).
    static func record(
        orderId: String, customerId: String, customerName: String?, address: String?, lines: [OrderLine], at: Date, now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into return_orders (order_id, customer_id, customer_name, delivery_address, updated_at) values (\(orderId), \(customerId), \(customerName), \(address), \(now))
            on conflict (order_id) do update set customer_id = excluded.customer_id,
                customer_name = coalesce(excluded.customer_name, return_orders.customer_name),
                delivery_address = coalesce(excluded.delivery_address, return_orders.delivery_address), updated_at = excluded.updated_at
            """)
        let newer = try await connection.query(
            "update return_orders set lines_at = \(at) where order_id = \(orderId) and (lines_at is null or lines_at < \(at))")
        guard newer.affectedRows == 1 else { return }
        try await connection.query("delete from return_order_lines where order_id = \(orderId)")
        var merged: [String: (quantity: Int, price: Money)] = [:]
        for line in lines {
            merged[line.sku] = ((merged[line.sku]?.quantity ?? 0) + line.quantity, merged[line.sku]?.price ?? line.unitPrice)
        }
        for (sku, line) in merged {
            try await connection.query(
                "insert into return_order_lines (order_id, sku, quantity, unit_price) values (\(orderId), \(sku), \(line.quantity), \(line.price.minorUnits))"
            )
        }
    }

    /// Records a confirmed delivery; `lines` nil means everything ordered was delivered.
    static func recordDelivery(_ event: DeliveryConfirmed, now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            "insert into return_orders (order_id, updated_at) values (\(event.orderId), \(now)) on conflict (order_id) do nothing")
        let inserted = try await connection.query(
            """
            insert into return_order_deliveries (order_id, dispatch_note_id, delivered_at, as_ordered, recorded_at)
            values (\(event.orderId), \(event.dispatchNoteId), \(event.deliveredAt), \(event.lines == nil), \(now)) on conflict do nothing
            """)
        guard inserted.affectedRows == 1 else { return }
        for line in event.lines ?? [] {
            try await connection.query(
                """
                insert into return_order_delivery_lines (order_id, dispatch_note_id, sku, quantity) values (\(event.orderId), \(event.dispatchNoteId), \(line.sku), \(line.quantity))
                on conflict (order_id, dispatch_note_id, sku) do update set quantity = return_order_delivery_lines.quantity + excluded.quantity
                """)
        }
    }

    /// Locks the order's row, if after-sales knows it, for the rest of the transaction: serialises return
    /// requests on one order, so two cannot both claim the same delivered goods.
    static func lock(_ orderId: String, on connection: PostgresConnection) async throws {
        try await connection.query("select 1 from return_orders where order_id = \(orderId) for update")
    }

    /// The order with its delivered quantities; nil when after-sales never heard of it.
    static func load(_ orderId: String, on connection: PostgresConnection) async throws -> Order? {
        let order = try await connection.query(
            """
            select o.customer_id, o.customer_name, o.delivery_address, o.lines_at,
                   (select max(delivered_at) from return_order_deliveries d where d.order_id = o.order_id) as delivered_at,
                   exists (select 1 from return_order_deliveries d where d.order_id = o.order_id and d.as_ordered) as as_ordered
            from return_orders o where o.order_id = \(orderId)
            """)
        guard let row = order.rows.first, try row.optionalDate("lines_at") != nil else { return nil }
        let asOrdered = try row.bool("as_ordered")
        let lines = try await connection.query(
            """
            select l.sku, l.quantity, l.unit_price,
                   coalesce((select sum(d.quantity) from return_order_delivery_lines d where d.order_id = l.order_id and d.sku = l.sku), 0)
                       as delivered
            from return_order_lines l where l.order_id = \(orderId) order by l.sku
            """)
        let deliveredAt = try row.optionalDate("delivered_at")
        return Order(
            orderId: orderId, customerId: row.optionalString("customer_id"), customerName: row.optionalString("customer_name"),
            deliveryAddress: row.optionalString("delivery_address"), delivered: deliveredAt != nil, deliveredAt: deliveredAt,
            lines: try lines.rows.map { line in
                let ordered = try line.int("quantity")
                return (
                    try line.string("sku"), ordered, asOrdered ? ordered : try line.int("delivered"),
                    Money(minorUnits: try line.int64("unit_price"))
                )
            })
    }

    /// What returns not rejected already claim per sku (the received quantity once known).
    static func alreadyReturned(_ orderId: String, on connection: PostgresConnection) async throws -> [String: Int] {
        let result = try await connection.query(
            """
            select l.sku, sum(coalesce(l.received_quantity, l.quantity)) as quantity
            from return_lines l join returns r on r.id = l.return_id
            where r.order_id = \(orderId) and r.status <> 'rejected' group by l.sku
            """)
        return Dictionary(uniqueKeysWithValues: try result.rows.map { (try $0.string("sku"), try $0.int("quantity")) })
    }
}
