import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

extension InvoiceStore {
    /// Issues an invoice once per business fact, writes `finance.invoice_issued.v1` to the outbox, and at
    /// once applies the customer's credit balance to it (with `finance.invoice_paid.v1` when that settles it).
    /// Returns the invoice as issued (after any credit), or nil when the same fact had already made one.
    @discardableResult
    static func issue(
        _ invoice: Invoice, dispatchNoteId: String? = nil, actor: Author = .system, causationID: String?, outbox: Outbox, at now: Date,
        on connection: PostgresConnection
    ) async throws -> Invoice? {
        try await lockCustomer(invoice.customerId, on: connection)
        guard try await insert(invoice, dispatchNoteId: dispatchNoteId, actor: actor, on: connection) else { return nil }
        let issued = InvoiceIssued(
            invoiceId: invoice.id, orderId: invoice.orderId, customerId: invoice.customerId, kind: invoice.kind.rawValue,
            amount: invoice.amount, dueDate: invoice.dueDate.description)
        try await outbox.enqueue(
            [try FinanceMessages.event(issued, orderId: invoice.orderId, customerId: invoice.customerId, causationID: causationID)],
            on: connection)
        if invoice.status == .settled {  // nothing to pay (e.g. a 0% deposit)
            try await outbox.enqueue(try FinanceMessages.paid([invoice], at: now, causationID: causationID), on: connection)
            return invoice
        }
        return try await applyCredit(to: invoice, actor: actor, causationID: causationID, outbox: outbox, at: now, on: connection)
    }

    /// Uses the customer's credit balance on `invoice` as far as it goes.
    private static func applyCredit(
        to invoice: Invoice, actor: Author, causationID: String?, outbox: Outbox, at now: Date, on connection: PostgresConnection
    ) async throws -> Invoice {
        let credit = try await CreditBalanceStore.balance(of: invoice.customerId, on: connection)
        guard credit > .zero, invoice.isPayable else { return invoice }
        let fromCredit = Receipt(customerId: invoice.customerId, amount: credit, method: .bank, reference: "credit balance")
        let allocation = try ReceiptAllocation.allocate(fromCredit, to: [invoice])
        // The credit left over is at most the credit, so neither difference leaves the bounds.
        let used = try credit - allocation.creditBalance
        try await AllocationStore.record(allocation.lines, receiptId: nil, actor: actor, at: now, on: connection)
        try await saveAllocated(allocation.updatedInvoices, at: now, on: connection)
        try await CreditBalanceStore.adjust(
            invoice.customerId, by: try -used, reason: "applied to invoice \(invoice.id)", invoiceId: invoice.id,
            actor: actor, at: now, on: connection)
        try await outbox.enqueue(try FinanceMessages.paid(allocation.updatedInvoices, at: now, causationID: causationID), on: connection)
        return allocation.updatedInvoices.first ?? invoice
    }
}
