import Foundation
import O2CContracts
import O2CPostgres

/// `GET /v1/customers/{id}/credit/history`: every change to the profile, oldest first, with who
/// made it, in which role, when, and the values before (`old`, absent for the first) and after.
struct CreditProfileHistory: Encodable, Sendable {
    struct Values: Encodable, Sendable {
        var grade: String
        var creditLimit: Money
        var depositRatio: String
        var depositRatioBasisPoints: Int
    }

    struct Change: Encodable, Sendable {
        var changedBy: String
        var changedRole: String
        var changedAt: Date
        var old: Values?
        var new: Values
    }

    var customerId: String
    var changes: [Change]

    static func load(_ customerId: String, on connection: PostgresConnection) async throws -> CreditProfileHistory {
        let result = try await connection.query(
            """
            select old_grade, old_credit_limit, old_deposit_ratio_bp, new_grade, new_credit_limit, new_deposit_ratio_bp,
                   changed_by, changed_role, changed_at
            from credit_profile_history where customer_id = \(customerId) order by id
            """)
        let changes = try result.rows.map { row in
            var old: Values?
            if let grade = row["old_grade"] {
                old = values(grade: grade, limit: try row.int64("old_credit_limit"), ratio: try row.int("old_deposit_ratio_bp"))
            }
            return Change(
                changedBy: try row.string("changed_by"), changedRole: try row.string("changed_role"),
                changedAt: try row.date("changed_at"), old: old,
                new: values(
                    grade: try row.string("new_grade"), limit: try row.int64("new_credit_limit"),
                    ratio: try row.int("new_deposit_ratio_bp")))
        }
        return CreditProfileHistory(customerId: customerId, changes: changes)
    }

    private static func values(grade: String, limit: Int64, ratio: Int) -> Values {
        Values(
            grade: grade, creditLimit: Money(minorUnits: limit), depositRatio: DepositRatio.text(basisPoints: ratio),
            depositRatioBasisPoints: ratio)
    }
}
