import Foundation
import O2CContracts
import O2CPostgres

/// The month's sales targets (`sales_targets`) and every setting of them (`sales_target_history`).
enum SalesTargetStore {
    /// One target: a salesperson's, a region's, or (neither) the whole department's.
    struct Target: Codable, Sendable, Hashable {
        var salesperson: String?
        var region: String?
        var amount: Money
    }

    /// The targets of the month, in the order of salesperson, then region.
    static func targets(of period: String, on connection: PostgresConnection) async throws -> [Target] {
        try await connection.query(
            "select salesperson, region, amount from sales_targets where period = \(period) order by salesperson, region"
        ).rows.map { row in
            let salesperson = try row.string("salesperson")
            let region = try row.string("region")
            return Target(
                salesperson: salesperson.isEmpty ? nil : salesperson, region: region.isEmpty ? nil : region,
                amount: Money(minorUnits: try row.int64("amount")))
        }
    }

    /// Replaces the month's targets with `targets` and keeps the setting, with who, role and when.
    static func replace(
        _ period: String, with targets: [Target], by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query("delete from sales_targets where period = \(period)")
        for target in targets {
            try await connection.query(
                """
                insert into sales_targets (period, salesperson, region, amount, set_by, set_role, set_at)
                values (\(period), \(target.salesperson ?? ""), \(target.region ?? ""), \(target.amount.minorUnits), \(actor.subject),
                        \(actor.role), \(now))
                """)
        }
        try await connection.query(
            """
            insert into sales_target_history (period, targets, set_by, set_role, set_at)
            values (\(period), \(try StoredJSON.encode(targets)), \(actor.subject), \(actor.role), \(now))
            """)
    }
}
