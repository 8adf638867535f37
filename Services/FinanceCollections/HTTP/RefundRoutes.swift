import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `GET /v1/refunds?customerId=` or `?orderId=`: money paid back to customers (DOMAIN.md "Invoices,
/// receipts and the customer's account"; "After-sales and returns"): deposits after a cancellation
/// (less the penalty), and the refunded part of credit notes for returns and for advanced freight, each
/// with who approved it, who recorded it and when. Oldest first.
enum RefundRoutes {
    static let readers: Set<Role> = [.finance, .generalManager, .salesManager, .auditor]

    struct RefundView: Encodable {
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

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/refunds") { request, context -> Response in
            _ = try context.require(anyOf: readers)
            let query = request.uri.queryParameters
            let (column, value): (String, String)
            if let orderId = query.get("orderId"), !orderId.isEmpty {
                (column, value) = ("order_id", orderId)
            } else if let customerId = query.get("customerId"), !customerId.isEmpty {
                (column, value) = ("customer_id", customerId)
            } else {
                throw Problem.validation("give orderId or customerId", errors: [.init(field: "orderId", message: "orderId or customerId is required")])
            }
            // `column` is one of two fixed names, never the caller's text.
            let result = try await environment.pool.query(
                """
                select id, 'deposit' as kind, order_id, customer_id, amount, penalty, 'order cancelled' as reason, invoice_id,
                       null as credit_note_id, null as return_id, approved_by, approved_role, created_by, created_role, created_at
                  from refunds where \(column) = $1 and invoice_id is not null
                union all
                select id, kind, order_id, customer_id, amount, 0, reason, null, credit_note_id, return_id, approved_by, approved_role,
                       created_by, created_role, created_at
                  from credit_note_refunds where \(column) = $1
                order by created_at, id
                """, [value])
            let refunds = try result.rows.map { row in
                RefundView(
                    id: try row.string("id"), kind: try row.string("kind"), orderId: row["order_id"], customerId: try row.string("customer_id"),
                    amount: Money(minorUnits: try row.int64("amount")), penalty: Money(minorUnits: try row.int64("penalty")),
                    reason: try row.string("reason"), invoiceId: row["invoice_id"], creditNoteId: row["credit_note_id"],
                    returnId: row["return_id"], approvedBy: row["approved_by"], approvedRole: row["approved_role"],
                    createdBy: try row.string("created_by"), createdRole: try row.string("created_role"), createdAt: try row.date("created_at"))
            }
            return try JSONResponse(refunds).response()
        }
    }
}
