import Foundation
import O2CContracts

/// How a credit note is used (DOMAIN.md "After-sales and returns": finance issues a credit note and
/// refunds or offsets it; "Invoices, receipts and the customer's account"): offset against the open
/// invoices given, oldest first (by due date, then issue date, then id), and the remainder refunded.
///
/// offset + refunded = amount. The offset is not money received: it is recorded as allocations of source
/// `credit_note` and counted in `credited` by `LedgerIdentity`; the refund is paid out of what was received.
package struct CreditNoteSettlement: Equatable, Sendable {
    /// What went to which invoice, oldest first.
    package var offsets: [AllocationLine]
    /// The invoices offset against, after it: reduced outstanding, `settled` when nothing remains.
    package var updatedInvoices: [Invoice]
    package var offset: Money
    package var refunded: Money

    /// Refuses a negative amount (`amount`). A zero credit note offsets and refunds nothing.
    package init(amount: Money, customerId: String, against invoices: [Invoice]) throws(RuleViolation) {
        guard amount >= .zero else { throw .validation("amount", "a credit note must not be negative, got \(amount)") }
        guard amount > .zero else {
            self.init(offsets: [], updatedInvoices: [], offset: .zero, refunded: .zero)
            return
        }
        let asReceipt = Receipt(customerId: customerId, amount: amount, method: .bank, reference: "credit note")
        let allocation = try ReceiptAllocation.allocate(asReceipt, to: invoices)
        self.init(
            offsets: allocation.lines, updatedInvoices: allocation.updatedInvoices,
            // What was left over is at most the credit note's amount.
            offset: try RuleViolation.checking("amount") { () throws(MoneyError) in try amount - allocation.creditBalance },
            refunded: allocation.creditBalance)
    }

    init(offsets: [AllocationLine], updatedInvoices: [Invoice], offset: Money, refunded: Money) {
        self.offsets = offsets
        self.updatedInvoices = updatedInvoices
        self.offset = offset
        self.refunded = refunded
    }

    /// The credit note itself: fully used at once (outstanding 0.00, settled).
    package static func creditNote(
        id: String, customerId: String, orderId: String?, amount: Money, issuedAt: Date, calendar: BusinessCalendar
    ) -> Invoice {
        Invoice(
            id: id, customerId: customerId, orderId: orderId, kind: .creditNote, amount: amount, outstanding: .zero,
            issuedAt: issuedAt, dueDate: calendar.day(of: issuedAt), status: .settled)
    }
}
