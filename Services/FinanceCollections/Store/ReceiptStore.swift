import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// The `receipts` table: money received, with who recorded it and any reconciliation flag.
enum ReceiptStore {
    /// A receipt as the monthly statement lists it.
    struct Line: Encodable { var id: String, amount: Money, method: String, reference: String, recordedAt: Date }

    /// A receipt as `GET /v1/receipts` shows it.
    struct Listed: Encodable {
        var id: String
        var customerId: String
        var amount: Money
        var method: String
        var reference: String
        var expectedAmount: Money?
        var needsReconciliation: Bool
        var reconciliationDifference: Money?
        /// What went to the customer's credit balance (paid beyond what was open).
        var toCredit: Money
        var orderId: String?
        var carrier: String?
        var recordedBy: String
        var recordedRole: String
        var recordedAt: Date
    }

    /// A page of receipts, newest recorded first: `customerId`, `orderId` (cash on delivery), `method`,
    /// `reconciliation` (`true`: those a person must reconcile), `from`/`to`, `q` a receipt id or bank reference.
    static func list(_ query: ListQuery, on connection: PostgresConnection) async throws -> (items: [Listed], next: ListCursor?) {
        var conditions = query.conditions(time: "recorded_at")
        if let orderId = query.filters["orderId"] { conditions.append("order_id = \(orderId)") }
        if let method = query.filters["method"] { conditions.append("method = \(method)") }
        if let flag = query.filters["reconciliation"] { conditions.append("needs_reconciliation = \(flag == "true")") }
        if let text = query.text { conditions.append("(id = \(text) or reference = \(text))") }
        let result = try await connection.query(
            """
            select *, \(ListQuery.cursorColumn(time: "recorded_at")) from receipts
            where \(SQL.joined(conditions, separator: " and ")) \(query.orderAndLimit(time: "recorded_at"))
            """)
        return try query.page(result.rows) { row in
            Listed(
                id: try row.string("id"), customerId: try row.string("customer_id"), amount: Money(minorUnits: try row.int64("amount")),
                method: try row.string("method"), reference: try row.string("reference"),
                expectedAmount: try row.optionalInt64("expected_amount").map(Money.init(minorUnits:)),
                needsReconciliation: try row.bool("needs_reconciliation"),
                reconciliationDifference: try row.optionalInt64("reconciliation_difference").map(Money.init(minorUnits:)),
                toCredit: Money(minorUnits: try row.int64("to_credit")), orderId: row["order_id"], carrier: row["carrier"],
                recordedBy: try row.string("recorded_by"), recordedRole: try row.string("recorded_role"),
                recordedAt: try row.date("recorded_at"))
        }
    }

    /// The id of a receipt of the customer already recorded with this method and reference, if any.
    static func existing(
        customerId: String, method: Receipt.Method, reference: String, on connection: PostgresConnection
    ) async throws -> String? {
        try await connection.query(
            """
            select id from receipts where customer_id = \(customerId) and method = \(method.rawValue) and reference = \(reference) limit 1
            """
        ).rows.first?.string("id")
    }

    static func insert(
        id: String, _ receipt: Receipt, allocation: ReceiptAllocation, needsReconciliation: Bool, cod: CodHandover?, actor: Author,
        at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into receipts (id, customer_id, amount, method, reference, expected_amount, needs_reconciliation,
                                  reconciliation_difference, to_credit, recorded_by, recorded_role, recorded_at,
                                  order_id, carrier, collected_at, late_handover)
            values (\(id), \(receipt.customerId), \(receipt.amount.minorUnits), \(receipt.method.rawValue), \(receipt.reference),
                    \(receipt.expectedAmount?.minorUnits), \(needsReconciliation), \(allocation.reconciliation?.difference.minorUnits),
                    \(allocation.creditBalance.minorUnits), \(actor.subject), \(actor.role), \(now), \(cod?.orderId), \(cod?.carrier),
                    \(cod?.collectedAt), \(cod?.handedOverLate ?? false))
            """)
    }

    /// The customer's receipts recorded in [from, to), oldest first.
    static func recorded(byCustomer customerId: String, from: Date, to: Date, on connection: PostgresConnection) async throws -> [Line] {
        try await connection.query(
            """
            select id, amount, method, reference, recorded_at from receipts
            where customer_id = \(customerId) and recorded_at >= \(from) and recorded_at < \(to) order by recorded_at, id
            """
        ).rows.map {
            Line(
                id: try $0.string("id"), amount: Money(minorUnits: try $0.int64("amount")), method: try $0.string("method"),
                reference: try $0.string("reference"), recordedAt: try $0.date("recorded_at"))
        }
    }
}
