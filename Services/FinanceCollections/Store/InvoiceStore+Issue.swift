import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Issues an invoice once per business fact, publishes `finance.invoice_issued.v1`, and at once applies
/// the customer's credit balance to it (publishing `finance.invoice_paid.v1` when that settles it).
struct InvoiceIssuer {
    let outbox: FinanceOutbox
    let now: Date
    var actor: Author = .system
    var connection: PostgresConnection { outbox.connection }

    /// Returns the invoice as issued (after any credit), or nil when the same fact had already made one.
    @discardableResult
    func issue(_ invoice: Invoice, dispatchNoteId: String? = nil) async throws -> Invoice? {
        try await InvoiceStore.lockCustomer(invoice.customerId, on: connection)
        guard try await InvoiceStore.insert(invoice, dispatchNoteId: dispatchNoteId, actor: actor, on: connection) else { return nil }
        try await outbox.publish(
            InvoiceIssued(
                invoiceId: invoice.id, orderId: invoice.orderId, customerId: invoice.customerId, kind: invoice.kind.rawValue,
                amount: invoice.amount, dueDate: invoice.dueDate.description),
            orderId: invoice.orderId, customerId: invoice.customerId)
        if invoice.status == .settled {  // nothing to pay (e.g. a 0% deposit)
            try await outbox.publishPaid([invoice], at: now)
            return invoice
        }
        return try await applyCredit(to: invoice)
    }

    /// Uses the customer's credit balance on `invoice` as far as it goes.
    private func applyCredit(to invoice: Invoice) async throws -> Invoice {
        let credit = try await CreditBalances.balance(of: invoice.customerId, on: connection)
        guard credit > .zero, invoice.isPayable else { return invoice }
        let fromCredit = Receipt(customerId: invoice.customerId, amount: credit, method: .bank, reference: "credit balance")
        let allocation = try ReceiptAllocation.allocate(fromCredit, to: [invoice])
        // The credit left over is at most the credit, so neither difference leaves the bounds.
        let used = try credit - allocation.creditBalance
        try await CreditBalances.recordAllocations(allocation.lines, receiptId: nil, actor: actor, at: now, on: connection)
        try await InvoiceStore.saveAllocated(allocation.updatedInvoices, at: now, on: connection)
        try await CreditBalances.adjust(
            invoice.customerId, by: try -used, reason: "applied to invoice \(invoice.id)", invoiceId: invoice.id,
            actor: actor, at: now, on: connection)
        try await outbox.publishPaid(allocation.updatedInvoices, at: now)
        return allocation.updatedInvoices.first ?? invoice
    }
}
