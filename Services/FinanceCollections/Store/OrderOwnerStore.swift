import Foundation
import O2CPostgres

/// The `order_owners` projection: each order's salesperson and region (the customer's owner and region
/// when the order was signed or taken), as orders sent them on the deposit invoice request. Read by the
/// collection-rate report; an order with no row, or no salesperson, is unassigned.
enum OrderOwnerStore {
    /// Records what the request says; a request that names nobody (an older producer) leaves what is known.
    static func record(
        orderId: String, salesperson: String?, region: String?, at now: Date, on connection: PostgresConnection
    )
        async throws
    {
        try await connection.query(
            """
            insert into order_owners (order_id, salesperson, region, recorded_at) values (\(orderId), \(salesperson), \(region), \(now))
            on conflict (order_id) do update
                set salesperson = coalesce(excluded.salesperson, order_owners.salesperson),
                    region = coalesce(excluded.region, order_owners.region), recorded_at = excluded.recorded_at
            """)
    }
}
