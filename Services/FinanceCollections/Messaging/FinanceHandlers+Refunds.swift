import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// An approved cancellation after the deposit (DOMAIN.md "The order-to-cash flow" compensations;
/// "Invoices, receipts and the customer's account": refunding a deposit needs general_manager approval,
/// which the order's cancellation approval carries in `approvedBy`).
///
/// The order's deposit invoice is cancelled, i.e. voided (outstanding 0, who, when and the order's
/// cancellation reason kept on it; `finance.invoice_voided.v1`, on which credit lifts any hold it caused);
/// what was paid on it, less the penalty, is refunded (one `refunds` row per order). A repeat publishes the same `finance.deposit_refunded.v1`
/// again and changes nothing. For an order finance has no deposit invoice for, the refund row (0.00)
/// is a tombstone: a later deposit request for it is not invoiced.
enum DepositRefunds {
    static func handle(_ event: DepositRefundRequested, _ context: MessageContext) async throws {
        let connection = context.connection
        let outbox = FinanceOutbox(context)
        try await InvoiceStore.lockCustomer(event.customerId, on: connection)
        if let existing = try await connection.query(
            "select customer_id, amount, penalty from refunds where order_id = $1", [event.orderId]).first {
            try await outbox.publish(
                DepositRefunded(
                    orderId: event.orderId, customerId: try existing.string("customer_id"),
                    refunded: Money(minorUnits: try existing.int64("amount")), penalty: Money(minorUnits: try existing.int64("penalty"))),
                orderId: event.orderId, customerId: event.customerId)
            return
        }
        let deposit = try await InvoiceStore.deposit(ofOrder: event.orderId, on: connection)
        let paid = try await paidOn(deposit, on: connection)
        let penalty = min(max(event.penalty, .zero), paid)
        // The penalty is between 0 and what was paid, so the refund is too.
        let refund = try RuleViolation.checking("penalty") { () throws(MoneyError) in try paid - penalty }
        if let deposit, deposit.status != .cancelled {
            let reason = event.reason ?? "order cancelled"
            try await connection.query(
                """
                update invoices set status = 'cancelled', outstanding = 0, cancelled_by = $2, cancelled_role = $3, cancelled_at = $4,
                                    cancelled_reason = $5
                where id = $1
                """, [deposit.id, Author.system.subject, Author.system.role, context.now, reason])
            try await outbox.publish(
                InvoiceVoided(
                    invoiceId: deposit.id, orderId: deposit.orderId, customerId: deposit.customerId, kind: deposit.kind.rawValue,
                    outstanding: deposit.outstanding, reason: reason, voidedBy: Author.system.subject, voidedAt: context.now),
                orderId: event.orderId, customerId: event.customerId)
        }
        try await connection.query(
            """
            insert into refunds (id, order_id, customer_id, invoice_id, paid, penalty, amount, approved_by, approved_role,
                                 created_by, created_role, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, 'general_manager', $9, $10, $11)
            """,
            [InvoiceStore.newID("ref"), event.orderId, event.customerId, deposit?.id, paid.minorUnits, penalty.minorUnits,
             refund.minorUnits, event.approvedBy, Author.system.subject, Author.system.role, context.now])
        context.logger.info(
            "deposit refunded", metadata: ["order.id": "\(event.orderId)", "refund.amount": "\(refund)", "refund.penalty": "\(penalty)"])
        try await outbox.publish(
            DepositRefunded(orderId: event.orderId, customerId: event.customerId, refunded: refund, penalty: penalty),
            orderId: event.orderId, customerId: event.customerId)
    }

    /// What receipts, credit balance and credit notes paid on the deposit invoice.
    static func paidOn(_ invoice: Invoice?, on connection: PostgresConnection) async throws -> Money {
        guard let invoice else { return .zero }
        let result = try await connection.query(
            "select coalesce(sum(amount), 0) as paid from allocations where invoice_id = $1", [invoice.id])
        return Money(minorUnits: try result.onlyRow().int64("paid"))
    }
}
