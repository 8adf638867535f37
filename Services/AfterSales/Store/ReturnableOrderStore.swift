import Foundation
import O2CContracts
import O2CPostgres

/// The orders after-sales can take returns for, as a projection of `orders.contract_signed.v1`,
/// `orders.order_amended.v1` and `warehouse.delivery_confirmed.v1`. Facts may come twice or out of
/// order: lines are replaced only by a newer signing or amendment, a delivery is keyed on its note.
struct ReturnableOrderStore {
    let connection: PostgresConnection

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
    func record(orderId: String, customerId: String, customerName: String?, address: String?, lines: [OrderLine], at: Date, now: Date) async throws {
        try await connection.query(
            """
            insert into return_orders (order_id, customer_id, customer_name, delivery_address, updated_at) values ($1, $2, $3, $4, $5)
            on conflict (order_id) do update set customer_id = excluded.customer_id,
                customer_name = coalesce(excluded.customer_name, return_orders.customer_name),
                delivery_address = coalesce(excluded.delivery_address, return_orders.delivery_address), updated_at = excluded.updated_at
            """, [orderId, customerId, customerName, address, now])
        let newer = try await connection.query(
            "update return_orders set lines_at = $2 where order_id = $1 and (lines_at is null or lines_at < $2)", [orderId, at])
        guard newer.affectedRows == 1 else { return }
        try await connection.query("delete from return_order_lines where order_id = $1", [orderId])
        var merged: [String: (quantity: Int, price: Money)] = [:]
        for line in lines { merged[line.sku] = ((merged[line.sku]?.quantity ?? 0) + line.quantity, merged[line.sku]?.price ?? line.unitPrice) }
        for (sku, line) in merged {
            try await connection.query(
                "insert into return_order_lines (order_id, sku, quantity, unit_price) values ($1, $2, $3, $4)",
                [orderId, sku, line.quantity, line.price.minorUnits])
        }
    }

    /// Records a confirmed delivery; `lines` nil means everything ordered was delivered.
    func recordDelivery(_ event: DeliveryConfirmed, now: Date) async throws {
        try await connection.query(
            "insert into return_orders (order_id, updated_at) values ($1, $2) on conflict (order_id) do nothing", [event.orderId, now])
        let inserted = try await connection.query(
            """
            insert into return_order_deliveries (order_id, dispatch_note_id, delivered_at, as_ordered, recorded_at)
            values ($1, $2, $3, $4, $5) on conflict do nothing
            """, [event.orderId, event.dispatchNoteId, event.deliveredAt, event.lines == nil, now])
        guard inserted.affectedRows == 1 else { return }
        for line in event.lines ?? [] {
            try await connection.query(
                """
                insert into return_order_delivery_lines (order_id, dispatch_note_id, sku, quantity) values ($1, $2, $3, $4)
                on conflict (order_id, dispatch_note_id, sku) do update set quantity = return_order_delivery_lines.quantity + excluded.quantity
                """, [event.orderId, event.dispatchNoteId, line.sku, line.quantity])
        }
    }

    /// The order with its delivered quantities; nil when after-sales never heard of it.
    func load(_ orderId: String) async throws -> Order? {
        let order = try await connection.query(
            """
            select o.customer_id, o.customer_name, o.delivery_address, o.lines_at,
                   (select max(delivered_at) from return_order_deliveries d where d.order_id = o.order_id) as delivered_at,
                   exists (select 1 from return_order_deliveries d where d.order_id = o.order_id and d.as_ordered) as as_ordered
            from return_orders o where o.order_id = $1
            """, [orderId])
        guard let row = order.rows.first, try row.optionalDate("lines_at") != nil else { return nil }
        let asOrdered = try row.bool("as_ordered")
        let lines = try await connection.query(
            """
            select l.sku, l.quantity, l.unit_price,
                   coalesce((select sum(d.quantity) from return_order_delivery_lines d where d.order_id = l.order_id and d.sku = l.sku), 0)
                       as delivered
            from return_order_lines l where l.order_id = $1 order by l.sku
            """, [orderId])
        let deliveredAt = try row.optionalDate("delivered_at")
        return Order(
            orderId: orderId, customerId: row.optionalString("customer_id"), customerName: row.optionalString("customer_name"),
            deliveryAddress: row.optionalString("delivery_address"), delivered: deliveredAt != nil, deliveredAt: deliveredAt,
            lines: try lines.rows.map { line in
                let ordered = try line.int("quantity")
                return (try line.string("sku"), ordered, asOrdered ? ordered : try line.int("delivered"),
                        Money(minorUnits: try line.int64("unit_price")))
            })
    }

    /// What returns not rejected already claim per sku (the received quantity once known).
    func alreadyReturned(_ orderId: String) async throws -> [String: Int] {
        let result = try await connection.query(
            """
            select l.sku, sum(coalesce(l.received_quantity, l.quantity)) as quantity
            from return_lines l join returns r on r.id = l.return_id
            where r.order_id = $1 and r.status <> 'rejected' group by l.sku
            """, [orderId])
        return Dictionary(uniqueKeysWithValues: try result.rows.map { (try $0.string("sku"), try $0.int("quantity")) })
    }
}
