import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

extension FinanceHandlers {
    /// An approved cancellation after the deposit (DOMAIN.md "The order-to-cash flow" compensations;
    /// "Invoices, receipts and the customer's account": refunding a deposit needs general_manager approval,
    /// which the order's cancellation approval carries in `approvedBy`).
    ///
    /// The order's deposit invoice is cancelled, i.e. voided (outstanding 0, who, when and the order's
    /// cancellation reason kept on it; `finance.invoice_voided.v1`, on which credit lifts any hold it caused);
    /// what was paid on it, less the penalty, is refunded (one `refunds` row per order). A repeat publishes the same
    /// `finance.deposit_refunded.v1` again and changes nothing. For an order finance has no deposit invoice for, the
    /// refund row (0.00) is a tombstone: a later deposit request for it is not invoiced.
    static func depositRefundRequested(_ event: DepositRefundRequested, _ context: MessageContext) async throws {
        let connection = context.connection
        try await InvoiceStore.lockCustomer(event.customerId, on: connection)
        if let existing = try await RefundStore.depositRefund(ofOrder: event.orderId, on: connection) {
            try await context.outbox.enqueue(
                [try message(existing, orderId: event.orderId, customerId: event.customerId, context)], on: connection)
            return
        }
        let deposit = try await InvoiceStore.deposit(ofOrder: event.orderId, on: connection)
        let paid = try await AllocationStore.paid(on: deposit, on: connection)
        let penalty = min(max(event.penalty, .zero), paid)
        // The penalty is between 0 and what was paid, so the refund is too.
        let refund = try RuleViolation.checking("penalty") { () throws(MoneyError) in try paid - penalty }
        var messages: [OutgoingMessage] = []
        if let deposit, deposit.status != .cancelled {
            let reason = event.reason ?? "order cancelled"
            try await InvoiceStore.void(deposit.id, reason: reason, by: .system, at: context.now, on: connection)
            messages.append(
                try message(
                    InvoiceVoided(
                        invoiceId: deposit.id, orderId: deposit.orderId, customerId: deposit.customerId, kind: deposit.kind.rawValue,
                        outstanding: deposit.outstanding, reason: reason, voidedBy: Author.system.subject, voidedAt: context.now),
                    orderId: event.orderId, customerId: event.customerId, context))
        }
        try await RefundStore.insertDepositRefund(
            orderId: event.orderId, customerId: event.customerId, invoiceId: deposit?.id, paid: paid, penalty: penalty, amount: refund,
            approvedBy: event.approvedBy, actor: .system, at: context.now, on: connection)
        context.logger.info(
            "deposit refunded", metadata: ["order.id": "\(event.orderId)", "refund.amount": "\(refund)", "refund.penalty": "\(penalty)"])
        messages.append(
            try message(
                DepositRefunded(orderId: event.orderId, customerId: event.customerId, refunded: refund, penalty: penalty),
                orderId: event.orderId, customerId: event.customerId, context))
        try await context.outbox.enqueue(messages, on: connection)
    }
}
