import Foundation
import O2CContracts
import O2CPostgres

/// What each amendment did to the order's deposit invoice (`invoice_adjustments`): re-priced, or kept and why.
enum InvoiceAdjustmentStore {
    enum Outcome: String { case repriced, kept }

    struct Adjustment {
        var invoiceId: String
        var outcome: Outcome?
        var previousAmount: Money
        var amount: Money
    }

    /// The adjustment already made for the amendment, if any.
    static func adjustment(forAmendment amendmentId: String, on connection: PostgresConnection) async throws -> Adjustment? {
        guard
            let row = try await connection.query(
                "select invoice_id, outcome, previous_amount, amount from invoice_adjustments where amendment_id = \(amendmentId)"
            ).first
        else { return nil }
        return Adjustment(
            invoiceId: try row.string("invoice_id"), outcome: Outcome(rawValue: try row.string("outcome")),
            previousAmount: Money(minorUnits: try row.int64("previous_amount")), amount: Money(minorUnits: try row.int64("amount")))
    }

    static func insert(
        amendmentId: String, orderId: String, customerId: String, invoice: Invoice, outcome: Outcome, amount: Money, reason: String,
        approvedBy: String?, by actor: Author,
        at now: Date, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into invoice_adjustments (amendment_id, invoice_id, order_id, customer_id, outcome, previous_amount, amount, reason,
                                             approved_by, created_by, created_role, created_at)
            values (\(amendmentId), \(invoice.id), \(orderId), \(customerId), \(outcome.rawValue),
                    \(invoice.amount.minorUnits), \(amount.minorUnits), \(reason), \(approvedBy), \(actor.subject), \(actor.role), \(now))
            """)
    }
}
