import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// An approved amendment changed an order's total (DOMAIN.md "Order amendments"): the order's deposit
/// invoice is re-priced to ratio × new total when it is open and nothing was paid on it
/// (`DepositReprice`), recorded in `invoice_adjustments` (amendment id, previous and new amount, who,
/// when) and published as `finance.invoice_adjusted.v1`; otherwise it is left, with the reason recorded.
///
/// One adjustment per amendment: a repeat publishes the same `InvoiceAdjusted` again (when there was
/// one) and changes nothing. An order with no deposit invoice yet has nothing to re-price.
enum DepositAmendments {
    static func handle(_ event: OrderAmended, _ context: MessageContext) async throws {
        let connection = context.connection
        let outbox = FinanceOutbox(context)
        try await InvoiceStore.lockCustomer(event.customerId, on: connection)
        if let done = try await connection.query(
            "select invoice_id, outcome, previous_amount, amount from invoice_adjustments where amendment_id = $1",
            [event.amendmentId]).first {
            guard try done.string("outcome") == "repriced" else { return }
            try await outbox.publish(
                adjusted(event, invoiceId: try done.string("invoice_id"), previous: Money(minorUnits: try done.int64("previous_amount")),
                         amount: Money(minorUnits: try done.int64("amount"))),
                orderId: event.orderId, customerId: event.customerId)
            return
        }
        guard let deposit = try await InvoiceStore.deposit(ofOrder: event.orderId, on: connection) else {
            context.logger.notice("amendment: no deposit invoice to re-price", metadata: ["order.id": "\(event.orderId)"])
            return
        }
        let facts = try await connection.query(
            """
            select (select deposit_ratio_bp from invoices where id = $1) as ratio,
                   (select coalesce(sum(amount), 0) from allocations where invoice_id = $1) as paid
            """, [deposit.id]).onlyRow()
        let decision: DepositReprice
        do {
            decision = try DepositReprice.decide(
                deposit: deposit, paid: Money(minorUnits: try facts.int64("paid")), depositRatioBasisPoints: try facts.optionalInt("ratio"),
                newTotal: event.total)
        } catch {
            throw MessagingError.undecodable("amendment \(event.amendmentId) of order \(event.orderId) refused: \(error)")
        }
        let (outcome, amount, reason): (String, Money, String) = switch decision {
        case .reprice(let amount): ("repriced", amount, "amendment \(event.amendmentId) (\(event.kind)): total \(event.previousTotal) → \(event.total)")
        case .keep(let why): ("kept", deposit.amount, why)
        }
        try await connection.query(
            """
            insert into invoice_adjustments (amendment_id, invoice_id, order_id, customer_id, outcome, previous_amount, amount, reason,
                                             approved_by, created_by, created_role, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """,
            [event.amendmentId, deposit.id, event.orderId, event.customerId, outcome, deposit.amount.minorUnits, amount.minorUnits,
             reason, event.approvedBy, Author.system.subject, Author.system.role, context.now])
        guard case .reprice = decision else {
            context.logger.info("amendment: deposit invoice kept", metadata: ["order.id": "\(event.orderId)", "reason": "\(reason)"])
            return
        }
        var repriced = deposit
        (repriced.amount, repriced.outstanding, repriced.status) = (amount, amount, amount == .zero ? .settled : .open)
        try await connection.query(
            """
            update invoices set amount = $2, outstanding = $2, status = $3,
                settled_at = case when $3 = 'settled' then $4::timestamptz else settled_at end
            where id = $1
            """, [deposit.id, amount.minorUnits, repriced.status.rawValue, context.now])
        try await outbox.publish(adjusted(event, invoiceId: deposit.id, previous: deposit.amount, amount: amount), orderId: event.orderId, customerId: event.customerId)
        try await outbox.publishPaid([repriced], at: context.now)
    }

    static func adjusted(_ event: OrderAmended, invoiceId: String, previous: Money, amount: Money) -> InvoiceAdjusted {
        InvoiceAdjusted(
            invoiceId: invoiceId, orderId: event.orderId, customerId: event.customerId, kind: "deposit", previousAmount: previous,
            amount: amount, reason: "amendment \(event.amendmentId)")
    }
}
