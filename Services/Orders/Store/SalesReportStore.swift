import Foundation
import O2CContracts
import O2CPostgres

/// The sales reports' statements (CONTRACT.md "The department's daily work", Reports; DOMAIN.md "Reports"):
/// what was sold is the orders signed (or confirmed) in the period that are not cancelled, at their current
/// lines (an approved amendment counts as amended), by signing time in the company's time zone. Sums come back
/// as text and are read as exact fen; one beyond the money bounds is an error, never a trap.
enum SalesReportStore {
    enum Grouping: String, CaseIterable, Sendable {
        case salesperson, region, product, customer
    }

    /// One group's figures. `key` is the salesperson's `sub`, the region, the sku or the customer id (`""` for
    /// orders with no owner or region); `name` the customer's or product's name where there is one.
    struct Group: Encodable, Sendable, Hashable {
        var key: String
        var name: String?
        var orders: Int
        var quantity: Int?
        var amount: Money
    }

    static let sold: SQL = "status in ('in_progress', 'completed')"

    static func sales(
        by grouping: Grouping, from: Date, before: Date, on connection: PostgresConnection
    ) async throws -> [Group] {
        let window: SQL = "created_at >= \(from) and created_at < \(before) and \(sold)"
        let sql: SQL
        switch grouping {
        case .salesperson, .region:
            let column: SQL = grouping == .salesperson ? "owner" : "region"
            sql = """
                select coalesce(\(column), '') as key, null as name, count(*) as orders, null as quantity, sum(total)::text as amount
                from orders where \(window) group by 1 order by sum(total) desc, 1
                """
        case .customer:
            sql = """
                select customer_id as key, max(buyer_name) as name, count(*) as orders, null as quantity, sum(total)::text as amount
                from orders where \(window) group by 1 order by sum(total) desc, 1
                """
        case .product:
            sql = """
                select l.sku as key, (select name from products p where p.sku = l.sku) as name, count(distinct o.id) as orders,
                       sum(l.quantity)::text as quantity, sum(l.quantity * l.fen)::text as amount
                from orders o, lateral (
                    select e->>'sku' as sku, (e->>'quantity')::bigint as quantity, round((e->>'unitPrice')::numeric * 100) as fen
                    from jsonb_array_elements(o.lines::jsonb) e) l
                where \(window) group by 1 order by sum(l.quantity * l.fen) desc, 1
                """
        }
        return try await connection.query(sql).rows.map(group)
    }

    /// What each owner and each region sold in the period (the target report's actuals).
    static func achieved(
        from: Date, before: Date, on connection: PostgresConnection
    ) async throws -> (
        bySalesperson: [String: Money], byRegion: [String: Money], total: Money
    ) {
        let window: SQL = "created_at >= \(from) and created_at < \(before) and \(sold)"
        var bySalesperson: [String: Money] = [:]
        var byRegion: [String: Money] = [:]
        var total = Money.zero
        for row in try await connection.query(
            "select coalesce(owner, '') as owner, coalesce(region, '') as region, sum(total)::text as amount from orders where \(window) group by 1, 2"
        ).rows {
            let amount = try money(row, "amount")
            bySalesperson[try row.string("owner")] = try (bySalesperson[try row.string("owner")] ?? .zero) + amount
            byRegion[try row.string("region")] = try (byRegion[try row.string("region")] ?? .zero) + amount
            total = try total + amount
        }
        return (bySalesperson, byRegion, total)
    }

    /// Every product of the catalogue with what it sold in the period (zero for none), for the ranking.
    static func productSales(from: Date, before: Date, on connection: PostgresConnection) async throws -> [Group] {
        try await connection.query(
            """
            select p.sku as key, p.name as name, coalesce(s.orders, 0) as orders, coalesce(s.quantity, 0)::text as quantity,
                   coalesce(s.amount, 0)::text as amount
            from products p left join (
                select e->>'sku' as sku, count(distinct o.id) as orders, sum((e->>'quantity')::bigint) as quantity,
                       sum((e->>'quantity')::bigint * round((e->>'unitPrice')::numeric * 100)) as amount
                from orders o, jsonb_array_elements(o.lines::jsonb) e
                where o.created_at >= \(from) and o.created_at < \(before) and o.\(sold)
                group by 1) s on s.sku = p.sku
            """
        ).rows.map(group)
    }

    private static func group(_ row: PostgresRow) throws -> Group {
        Group(
            key: try row.string("key"), name: row["name"], orders: try row.int("orders"),
            quantity: try row["quantity"].map { text in
                guard let quantity = Int(text) else {
                    throw PostgresError(code: .decodingFailed, message: "a report quantity \(text) is beyond the bounds")
                }
                return quantity
            },
            amount: try money(row, "amount"))
    }

    /// A sum of fen as exact money; beyond the money bounds is an error.
    private static func money(_ row: PostgresRow, _ column: String) throws -> Money {
        let text = try row.string(column)
        guard let fen = Int64(text), fen >= 0, fen <= Money.maximumMinorUnits else {
            throw PostgresError(code: .decodingFailed, message: "a report sum \(text) fen is beyond the money bounds")
        }
        return Money(minorUnits: fen)
    }
}
