import Foundation
import O2CContracts
import O2CPostgres

/// Writes of the credit schema. Each records who, in which role, and when.
extension CreditStore {
    /// What was decided for one order's reservation.
    struct Decision {
        var orderId: String
        var customerId: String
        var amount: Money
        var status: ReservationStatus
        var refusalCode: String? = nil
        var refusalReason: String? = nil
        var override: CreditOverride? = nil
        var shipBeforePayment = false
        /// Who made the order, from the reservation request; empty keeps what is stored.
        var orderAuthors: [String] = []
    }

    /// Records a decision; a later one for the same order replaces it but keeps an earlier override,
    /// an earlier approval to ship before payment, and the order's authors unless it names them.
    static func save(_ decision: Decision, by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        let authors = String(decoding: try JSONEncoder().encode(decision.orderAuthors), as: UTF8.self)
        try await connection.query(
            """
            insert into credit_reservations (
                order_id, customer_id, amount, status, refusal_code, refusal_reason,
                override_by, override_reason, override_at, ship_before_payment, order_authors,
                created_by, created_role, created_at, updated_by, updated_role, updated_at)
            values (\(decision.orderId), \(decision.customerId), \(decision.amount.minorUnits), \(decision.status.rawValue),
                \(decision.refusalCode), \(decision.refusalReason), \(decision.override?.userId), \(decision.override?.reason),
                \(decision.override?.at), \(decision.shipBeforePayment), \(authors), \(actor.subject), \(actor.role), \(now),
                \(actor.subject), \(actor.role), \(now))
            on conflict (order_id) do update set
                customer_id = excluded.customer_id, amount = excluded.amount, status = excluded.status,
                refusal_code = excluded.refusal_code, refusal_reason = excluded.refusal_reason,
                override_by = coalesce(excluded.override_by, credit_reservations.override_by),
                override_reason = coalesce(excluded.override_reason, credit_reservations.override_reason),
                override_at = coalesce(excluded.override_at, credit_reservations.override_at),
                ship_before_payment = credit_reservations.ship_before_payment or excluded.ship_before_payment,
                order_authors = case when excluded.order_authors = '[]' then credit_reservations.order_authors
                                     else excluded.order_authors end,
                updated_by = excluded.updated_by, updated_role = excluded.updated_role, updated_at = excluded.updated_at
            """)
    }

    /// Releases the order's reservation, or leaves a released tombstone for an order never seen, so
    /// that a late reservation request for it is refused. Returns whether anything changed.
    @discardableResult
    static func release(
        orderId: String, customerId: String, by actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws -> Bool {
        let result = try await connection.query(
            """
            insert into credit_reservations (
                order_id, customer_id, amount, status,
                created_by, created_role, created_at, updated_by, updated_role, updated_at)
            values (\(orderId), \(customerId), 0, 'released', \(actor.subject), \(actor.role), \(now), \(actor.subject),
                \(actor.role), \(now))
            on conflict (order_id) do update set
                status = 'released', updated_by = excluded.updated_by, updated_role = excluded.updated_role,
                updated_at = excluded.updated_at
            where credit_reservations.status <> 'released'
            """)
        return result.affectedRows > 0
    }

    /// Keeps the sales_director's override with who and why (DOMAIN.md "Credit").
    static func record(
        _ override: CreditOverride, orderId: String, customerId: String, shipBeforePayment: Bool, overriding code: String?,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into credit_overrides (
                order_id, customer_id, reason, ship_before_payment, overriding_code,
                overridden_by, overridden_role, overridden_at)
            values (\(orderId), \(customerId), \(override.reason), \(shipBeforePayment), \(code), \(override.userId),
                \(Role.salesDirector.rawValue), \(override.at))
            """)
    }

    /// Sets the customer's profile and keeps the change, old and new, in the history.
    static func save(
        _ profile: CreditProfile, for customerId: String, previous: CreditProfile?, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into credit_profiles (customer_id, grade, credit_limit, deposit_ratio_bp, updated_by, updated_role, updated_at, created_at)
            values (\(customerId), \(profile.grade.rawValue), \(profile.creditLimit.minorUnits),
                \(profile.depositRatioBasisPoints), \(actor.subject), \(actor.role), \(now), \(now))
            on conflict (customer_id) do update set
                grade = excluded.grade, credit_limit = excluded.credit_limit, deposit_ratio_bp = excluded.deposit_ratio_bp,
                updated_by = excluded.updated_by, updated_role = excluded.updated_role, updated_at = excluded.updated_at
            """)
        try await connection.query(
            """
            insert into credit_profile_history (
                customer_id, old_grade, old_credit_limit, old_deposit_ratio_bp,
                new_grade, new_credit_limit, new_deposit_ratio_bp, changed_by, changed_role, changed_at)
            values (\(customerId), \(previous?.grade.rawValue), \(previous?.creditLimit.minorUnits),
                \(previous?.depositRatioBasisPoints), \(profile.grade.rawValue), \(profile.creditLimit.minorUnits),
                \(profile.depositRatioBasisPoints), \(actor.subject), \(actor.role), \(now))
            """)
    }

    /// Records what an amendment did to the order's reservation (once per amendment); true when new.
    @discardableResult
    static func recordAdjustment(
        amendmentId: String, orderId: String, customerId: String, from previous: Money?, to amount: Money, applied: Bool, at now: Date,
        on connection: PostgresConnection
    ) async throws -> Bool {
        let recorded = try await connection.query(
            """
            insert into credit_reservation_adjustments (amendment_id, order_id, customer_id, previous_amount, amount, applied,
                                                        created_by, created_role, created_at)
            values (\(amendmentId), \(orderId), \(customerId), \(previous?.minorUnits), \(amount.minorUnits), \(applied),
                \(Author.system.subject), \(Author.system.role), \(now))
            on conflict (amendment_id) do nothing
            """)
        return recorded.affectedRows == 1
    }

    /// The order's live reservation now holds `amount`.
    static func setReservedAmount(of orderId: String, to amount: Money, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            update credit_reservations set amount = \(amount.minorUnits), updated_by = \(Author.system.subject),
                updated_role = \(Author.system.role), updated_at = \(now)
            where order_id = \(orderId) and status = 'reserved'
            """)
    }

    /// Whether an amendment's increase was granted and applied already (a repeat answers the same).
    static func isAdjustmentApplied(amendmentId: String, on connection: PostgresConnection) async throws -> Bool {
        let done = try await connection.query(
            "select 1 from credit_reservation_adjustments where amendment_id = \(amendmentId) and applied")
        return !done.rows.isEmpty
    }

    /// The total of the order's latest amendment that arrived before its reservation, if any.
    static func amendedAmount(of orderId: String, on connection: PostgresConnection) async throws -> Money? {
        let result = try await connection.query(
            """
            select amount from credit_reservation_adjustments where order_id = \(orderId)
            order by created_at desc, amendment_id desc limit 1
            """)
        return try result.first.map { Money(minorUnits: try $0.int64("amount")) }
    }
}
