import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

extension FinanceHandlers {
    /// An approved amendment changed an order's total (DOMAIN.md "Order amendments"): the order's deposit
    /// invoice is re-priced to ratio × new total when it is open and nothing was paid on it
    /// (`DepositReprice`), recorded in `invoice_adjustments` (amendment id, previous and new amount, who,
    /// when) and published as `finance.invoice_adjusted.v1`; otherwise it is left, with the reason recorded.
    ///
    /// One adjustment per amendment: a repeat publishes the same `InvoiceAdjusted` again (when there was
    /// one) and changes nothing. An order with no deposit invoice yet has nothing to re-price.
    static func orderAmended(_ event: OrderAmended, _ context: MessageContext) async throws {
        let connection = context.connection
        try await InvoiceStore.lockCustomer(event.customerId, on: connection)
        if let done = try await InvoiceAdjustmentStore.adjustment(forAmendment: event.amendmentId, on: connection) {
            guard done.outcome == .repriced else { return }
            try await context.outbox.enqueue(
                [
                    try message(
                        adjusted(event, invoiceId: done.invoiceId, previous: done.previousAmount, amount: done.amount),
                        orderId: event.orderId, customerId: event.customerId, context)
                ],
                on: connection)
            return
        }
        guard let deposit = try await InvoiceStore.deposit(ofOrder: event.orderId, on: connection) else {
            context.logger.notice("amendment: no deposit invoice to re-price", metadata: ["order.id": "\(event.orderId)"])
            return
        }
        let facts = try await InvoiceStore.depositRatioAndPaid(deposit.id, on: connection)
        let decision: DepositReprice
        do throws(RuleViolation) {
            decision = try DepositReprice.decide(
                deposit: deposit, paid: facts.paid, depositRatioBasisPoints: facts.ratio, newTotal: event.total)
        } catch {
            throw RuleViolation.validation(
                error.field ?? "total", "amendment \(event.amendmentId) of order \(event.orderId) refused: \(error)")
        }
        let (outcome, amount, reason): (InvoiceAdjustmentStore.Outcome, Money, String) =
            switch decision {
            case .reprice(let amount):
                (.repriced, amount, "amendment \(event.amendmentId) (\(event.kind)): total \(event.previousTotal) → \(event.total)")
            case .keep(let why): (.kept, deposit.amount, why)
            }
        try await InvoiceAdjustmentStore.insert(
            amendmentId: event.amendmentId, orderId: event.orderId, customerId: event.customerId, invoice: deposit, outcome: outcome,
            amount: amount, reason: reason, approvedBy: event.approvedBy, by: .system, at: context.now, on: connection)
        guard case .reprice = decision else {
            context.logger.info("amendment: deposit invoice kept", metadata: ["order.id": "\(event.orderId)", "reason": "\(reason)"])
            return
        }
        var repriced = deposit
        (repriced.amount, repriced.outstanding, repriced.status) = (amount, amount, amount == .zero ? .settled : .open)
        try await InvoiceStore.saveRepriced(repriced, at: context.now, on: connection)
        var messages = [
            try message(
                adjusted(event, invoiceId: deposit.id, previous: deposit.amount, amount: amount),
                orderId: event.orderId, customerId: event.customerId, context)
        ]
        messages += try FinanceMessages.paid([repriced], at: context.now, causationID: context.message.messageID)
        try await context.outbox.enqueue(messages, on: connection)
    }

    static func adjusted(_ event: OrderAmended, invoiceId: String, previous: Money, amount: Money) -> InvoiceAdjusted {
        InvoiceAdjusted(
            invoiceId: invoiceId, orderId: event.orderId, customerId: event.customerId, kind: "deposit", previousAmount: previous,
            amount: amount, reason: "amendment \(event.amendmentId)")
    }
}
