import Foundation
import O2CContracts
import O2CMessaging
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
    func save(_ decision: Decision, by actor: Author, at now: Date) async throws {
        try await connection.query(
            """
            insert into credit_reservations (
                order_id, customer_id, amount, status, refusal_code, refusal_reason,
                override_by, override_reason, override_at, ship_before_payment, order_authors,
                created_by, created_role, created_at, updated_by, updated_role, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $14, $11, $12, $13, $11, $12, $13)
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
            """,
            [
                decision.orderId, decision.customerId, decision.amount.minorUnits, decision.status.rawValue,
                decision.refusalCode, decision.refusalReason, decision.override?.userId, decision.override?.reason,
                decision.override?.at, decision.shipBeforePayment, actor.subject, actor.role, now,
                String(decoding: try JSONEncoder().encode(decision.orderAuthors), as: UTF8.self),
            ])
    }

    /// Releases the order's reservation, or leaves a released tombstone for an order never seen, so
    /// that a late reservation request for it is refused. Returns whether anything changed.
    @discardableResult
    func release(orderId: String, customerId: String, by actor: Author, at now: Date) async throws -> Bool {
        let result = try await connection.query(
            """
            insert into credit_reservations (
                order_id, customer_id, amount, status,
                created_by, created_role, created_at, updated_by, updated_role, updated_at)
            values ($1, $2, 0, 'released', $3, $4, $5, $3, $4, $5)
            on conflict (order_id) do update set
                status = 'released', updated_by = excluded.updated_by, updated_role = excluded.updated_role,
                updated_at = excluded.updated_at
            where credit_reservations.status <> 'released'
            """, [orderId, customerId, actor.subject, actor.role, now])
        return result.affectedRows > 0
    }

    /// Keeps the sales_director's override with who and why (DOMAIN.md "Credit").
    func record(
        _ override: CreditOverride, orderId: String, customerId: String, shipBeforePayment: Bool, overriding code: String?
    ) async throws {
        try await connection.query(
            """
            insert into credit_overrides (
                order_id, customer_id, reason, ship_before_payment, overriding_code,
                overridden_by, overridden_role, overridden_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                orderId, customerId, override.reason, shipBeforePayment, code, override.userId,
                Role.salesDirector.rawValue, override.at,
            ])
    }

    /// Sets the customer's profile and keeps the change, old and new, in the history.
    func save(_ profile: CreditProfile, for customerId: String, previous: CreditProfile?, by actor: Author, at now: Date) async throws {
        try await connection.query(
            """
            insert into credit_profiles (customer_id, grade, credit_limit, deposit_ratio_bp, updated_by, updated_role, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (customer_id) do update set
                grade = excluded.grade, credit_limit = excluded.credit_limit, deposit_ratio_bp = excluded.deposit_ratio_bp,
                updated_by = excluded.updated_by, updated_role = excluded.updated_role, updated_at = excluded.updated_at
            """,
            [
                customerId, profile.grade.rawValue, profile.creditLimit.minorUnits, profile.depositRatioBasisPoints,
                actor.subject, actor.role, now,
            ])
        try await connection.query(
            """
            insert into credit_profile_history (
                customer_id, old_grade, old_credit_limit, old_deposit_ratio_bp,
                new_grade, new_credit_limit, new_deposit_ratio_bp, changed_by, changed_role, changed_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [
                customerId, previous?.grade.rawValue, previous?.creditLimit.minorUnits, previous?.depositRatioBasisPoints,
                profile.grade.rawValue, profile.creditLimit.minorUnits, profile.depositRatioBasisPoints,
                actor.subject, actor.role, now,
            ])
    }

    /// Records what an amendment did to the order's reservation (once per amendment); true when new.
    @discardableResult
    func recordAdjustment(
        amendmentId: String, orderId: String, customerId: String, from previous: Money?, to amount: Money, applied: Bool, at now: Date
    ) async throws -> Bool {
        let recorded = try await connection.query(
            """
            insert into credit_reservation_adjustments (amendment_id, order_id, customer_id, previous_amount, amount, applied,
                                                        created_by, created_role, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            on conflict (amendment_id) do nothing
            """,
            [amendmentId, orderId, customerId, previous?.minorUnits, amount.minorUnits, applied, Author.system.subject, Author.system.role, now])
        return recorded.affectedRows == 1
    }

    /// The order's live reservation now holds `amount`.
    func setReservedAmount(of orderId: String, to amount: Money, at now: Date) async throws {
        try await connection.query(
            """
            update credit_reservations set amount = $2, updated_by = $3, updated_role = $4, updated_at = $5
            where order_id = $1 and status = 'reserved'
            """, [orderId, amount.minorUnits, Author.system.subject, Author.system.role, now])
    }
}
