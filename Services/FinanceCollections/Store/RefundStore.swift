import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// Money paid back to customers: deposit refunds after a cancellation (`refunds`, one row per order, a
/// 0.00 row the tombstone of an order cancelled before its deposit invoice) and the refunded part of
/// credit notes (`credit_note_refunds`, written by `CreditNoteStore`).
enum RefundStore {
    /// A refund as `GET /v1/refunds` shows it.
    struct Refund: Encodable {
        var id: String
        /// `deposit` (after cancellation), `return` (credit note of a return) or `freight` (advanced freight).
        var kind: String
        var orderId: String?
        var customerId: String
        var amount: Money
        var penalty: Money
        var reason: String
        var invoiceId: String?
        var creditNoteId: String?
        var returnId: String?
        var approvedBy: String?
        var approvedRole: String?
        var createdBy: String
        var createdRole: String
        var createdAt: Date
    }

    /// A refund as the monthly statement lists it. `kind`: `deposit`, `return` or `freight` (as `GET /v1/refunds`).
    struct Line: Encodable { var kind: String, orderId: String?, amount: Money, penalty: Money, at: Date }

    /// The deposit refund already made for the order, if any.
    static func depositRefund(ofOrder orderId: String, on connection: PostgresConnection) async throws -> DepositRefunded? {
        guard let row = try await connection.query("select customer_id, amount, penalty from refunds where order_id = \(orderId)").first
        else { return nil }
        return DepositRefunded(
            orderId: orderId, customerId: try row.string("customer_id"), refunded: Money(minorUnits: try row.int64("amount")),
            penalty: Money(minorUnits: try row.int64("penalty")))
    }

    /// True when the order was cancelled (its refund row, perhaps the tombstone, exists).
    static func isCancelled(_ orderId: String, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("select 1 from refunds where order_id = \(orderId)").rows.isEmpty == false
    }

    static func insertDepositRefund(
        orderId: String, customerId: String, invoiceId: String?, paid: Money, penalty: Money, amount: Money, approvedBy: String,
        actor: Author, at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into refunds (id, order_id, customer_id, invoice_id, paid, penalty, amount, approved_by, approved_role,
                                 created_by, created_role, created_at)
            values (\(InvoiceStore.newID("ref")), \(orderId), \(customerId), \(invoiceId), \(paid.minorUnits), \(penalty.minorUnits),
                    \(amount.minorUnits), \(approvedBy), 'general_manager', \(actor.subject), \(actor.role), \(now))
            """)
    }

    /// A page of deposit refunds (of orders that had a deposit invoice) and credit-note refunds, newest first:
    /// `orderId`, `customerId`, `kind` (deposit, return, freight), `from`/`to`, `q` a refund, order or return id.
    static func list(_ query: ListQuery, on connection: PostgresConnection) async throws -> (items: [Refund], next: ListCursor?) {
        var conditions = query.conditions()
        if let orderId = query.filters["orderId"] { conditions.append("order_id = \(orderId)") }
        if let kind = query.filters["kind"] { conditions.append("kind = \(kind)") }
        if let text = query.text { conditions.append("(id = \(text) or order_id = \(text) or return_id = \(text))") }
        let result = try await connection.query(
            """
            select *, \(ListQuery.cursorColumn()) from (
                select id, 'deposit' as kind, order_id, customer_id, amount, penalty, 'order cancelled' as reason, invoice_id,
                       null as credit_note_id, null as return_id, approved_by, approved_role, created_by, created_role, created_at
                  from refunds where invoice_id is not null
                union all
                select id, kind, order_id, customer_id, amount, 0, reason, null, credit_note_id, return_id, approved_by, approved_role,
                       created_by, created_role, created_at
                  from credit_note_refunds
            ) as refund
            where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit())
            """)
        return try query.page(result.rows) { row in
            Refund(
                id: try row.string("id"), kind: try row.string("kind"), orderId: row["order_id"], customerId: try row.string("customer_id"),
                amount: Money(minorUnits: try row.int64("amount")), penalty: Money(minorUnits: try row.int64("penalty")),
                reason: try row.string("reason"), invoiceId: row["invoice_id"], creditNoteId: row["credit_note_id"],
                returnId: row["return_id"], approvedBy: row["approved_by"], approvedRole: row["approved_role"],
                createdBy: try row.string("created_by"), createdRole: try row.string("created_role"), createdAt: try row.date("created_at"))
        }
    }

    /// The customer's deposit and credit-note refunds made in [from, to), oldest first.
    static func made(toCustomer customerId: String, from: Date, to: Date, on connection: PostgresConnection) async throws -> [Line] {
        try await connection.query(
            """
            select 'deposit' as kind, order_id, amount, penalty, created_at from refunds
             where customer_id = \(customerId) and created_at >= \(from) and created_at < \(to)
            union all
            select kind, order_id, amount, 0, created_at from credit_note_refunds
             where customer_id = \(customerId) and created_at >= \(from) and created_at < \(to)
            order by created_at
            """
        ).rows.map {
            Line(
                kind: try $0.string("kind"), orderId: $0["order_id"], amount: Money(minorUnits: try $0.int64("amount")),
                penalty: Money(minorUnits: try $0.int64("penalty")), at: try $0.date("created_at"))
        }
    }
}
