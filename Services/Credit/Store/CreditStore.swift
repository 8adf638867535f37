import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// Reads of the credit schema on the caller's connection, inside its transaction. A customer's
/// position is loaded into the rules' `CreditAccount` so that the rules, not SQL, decide.
enum CreditStore {
    enum ReservationStatus: String, Sendable {
        case reserved, released, refused
    }

    struct ReservationRow: Sendable {
        var orderId: String
        var customerId: String
        var amount: Money
        var status: ReservationStatus
        var overridden: Bool
        var shipBeforePayment: Bool
        /// Who made the order (as the reservation request said); none of them may override it.
        var orderAuthors: Set<String>
    }

    /// The customer's profile; `lock` takes its row lock, so decisions for one customer run one at a time.
    static func profile(_ customerId: String, lock: Bool = false, on connection: PostgresConnection) async throws -> CreditProfile? {
        let sql: SQL = "select grade, credit_limit, deposit_ratio_bp from credit_profiles where customer_id = \(customerId)"
        let result = try await connection.query(sql + (lock ? " for update" : ""))
        guard let row = result.first else { return nil }
        let gradeText = try row.string("grade")
        guard let grade = CreditGrade(rawValue: gradeText) else {
            throw PostgresError(code: .decodingFailed, message: "credit_profiles.grade '\(gradeText)' is not a grade")
        }
        return try CreditProfile(
            grade: grade, creditLimit: Money(minorUnits: try row.int64("credit_limit")),
            depositRatioBasisPoints: try row.int("deposit_ratio_bp"))
    }

    /// A page of credit profiles, newest first (CONTRACT.md "The department's daily work"): `grade`, `from`/`to`
    /// on when the profile was set up, `q` a customer id.
    static func profiles(
        _ query: ListQuery, on connection: PostgresConnection
    ) async throws -> (
        items: [(customerId: String, profile: CreditProfile)], next: ListCursor?
    ) {
        var conditions = query.conditions(id: "customer_id")
        if let grade = query.filters["grade"] { conditions.append("grade = \(grade)") }
        if let text = query.text { conditions.append("customer_id = \(text)") }
        let result = try await connection.query(
            """
            select customer_id, grade, credit_limit, deposit_ratio_bp, \(ListQuery.cursorColumn()) from credit_profiles
            where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit(id: "customer_id"))
            """)
        return try query.page(result.rows, id: "customer_id") { row in
            let gradeText = try row.string("grade")
            guard let grade = CreditGrade(rawValue: gradeText) else {
                throw PostgresError(code: .decodingFailed, message: "credit_profiles.grade '\(gradeText)' is not a grade")
            }
            let profile = try CreditProfile(
                grade: grade, creditLimit: Money(minorUnits: try row.int64("credit_limit")),
                depositRatioBasisPoints: try row.int("deposit_ratio_bp"))
            return (try row.string("customer_id"), profile)
        }
    }

    /// Open reservations, the unpaid invoices that count, and active holds. An order's own deposit
    /// and balance invoices are covered by its open reservation and do not count twice; its freight
    /// invoices, and every invoice of a released order, do.
    static func account(_ customerId: String, on connection: PostgresConnection) async throws -> CreditAccount {
        var account = CreditAccount()
        let reservations = try await connection.query(
            """
            select order_id, amount from credit_reservations
            where customer_id = \(customerId) and status = 'reserved' order by created_at, order_id
            """)
        for row in reservations.rows {
            account.reservations.append(
                .init(orderId: try row.string("order_id"), amount: Money(minorUnits: try row.int64("amount")), override: nil))
        }
        let invoices = try await connection.query(
            """
            select i.invoice_id, i.outstanding from credit_invoices i
            where i.customer_id = \(customerId) and i.status = 'unpaid'
              and not (i.kind in ('deposit', 'balance') and exists (
                select 1 from credit_reservations r where r.order_id = i.order_id and r.status = 'reserved'))
            order by i.recorded_at, i.invoice_id
            """)
        for row in invoices.rows {
            account.recordInvoice(id: try row.string("invoice_id"), outstanding: Money(minorUnits: try row.int64("outstanding")))
        }
        let holds = try await connection.query(
            "select invoice_id from credit_holds where customer_id = \(customerId) and lifted_at is null order by placed_at, invoice_id")
        for row in holds.rows { account.invoiceOverdue(id: try row.string("invoice_id")) }
        return account
    }

    static func reservation(_ orderId: String, lock: Bool = false, on connection: PostgresConnection) async throws -> ReservationRow? {
        let sql: SQL = """
            select order_id, customer_id, amount, status, override_by, ship_before_payment, order_authors
            from credit_reservations where order_id = \(orderId)
            """
        let result = try await connection.query(sql + (lock ? " for update" : ""))
        guard let row = result.first else { return nil }
        let statusText = try row.string("status")
        guard let status = ReservationStatus(rawValue: statusText) else {
            throw PostgresError(code: .decodingFailed, message: "credit_reservations.status '\(statusText)' is unknown")
        }
        return ReservationRow(
            orderId: try row.string("order_id"), customerId: try row.string("customer_id"),
            amount: Money(minorUnits: try row.int64("amount")), status: status,
            overridden: row["override_by"] != nil, shipBeforePayment: try row.bool("ship_before_payment"),
            orderAuthors: Set(try JSONDecoder().decode([String].self, from: Data(try row.string("order_authors").utf8))))
    }
}
