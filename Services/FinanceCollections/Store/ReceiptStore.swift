import Foundation
import O2CContracts
import O2CPostgres

/// The `receipts` table: money received, with who recorded it and any reconciliation flag.
enum ReceiptStore {
    /// A receipt as the monthly statement lists it.
    struct Line: Encodable { var id: String, amount: Money, method: String, reference: String, recordedAt: Date }

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
