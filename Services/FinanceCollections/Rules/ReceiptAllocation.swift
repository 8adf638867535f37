import O2CContracts

/// How one receipt is applied to a customer's invoices (DOMAIN.md "Invoices, receipts and the customer's
/// account": oldest first unless told otherwise; an overpayment becomes a credit balance; a mismatch
/// with the expected amount is flagged for reconciliation).
package struct ReceiptAllocation: Equatable, Sendable {
    /// What went to which invoice, in the order applied.
    package var lines: [AllocationLine]
    /// The invoices the receipt touched, after it: reduced outstanding, `settled` when paid in full.
    package var updatedInvoices: [Invoice]
    /// The part of the receipt applied to no invoice: it becomes the customer's credit balance.
    package var creditBalance: Money
    /// Set when the receipt differs from the expected amount.
    package var reconciliation: ReconciliationFlag?

    /// Allocates `receipt` over `invoices` (the customer's invoices; others are ignored or, when named,
    /// not found). With `requested` lines, exactly as told, any rest becoming credit; without, oldest
    /// first by due date, then issue date, then id, over the open invoices with something outstanding.
    ///
    /// Refusals, in request order: receipt amount not above zero → `validation_failed` (`amount`);
    /// unknown invoice → `not_found` (`allocations[i].invoiceId`); settled, cancelled or credit-note
    /// invoice → `invalid_state` (`allocations[i].invoiceId`); a line not above zero, above what the
    /// invoice still owes, or above what is left of the receipt → `validation_failed` (`allocations[i].amount`).
    package static func allocate(
        _ receipt: Receipt, to invoices: [Invoice], as requested: [AllocationLine]? = nil
    ) throws(RuleViolation) -> ReceiptAllocation {
        guard receipt.amount > .zero else {
            throw .validation("amount", "a receipt must be more than 0.00, got \(receipt.amount)")
        }
        let own = invoices.filter { $0.customerId == receipt.customerId }
        var ledger = Dictionary(own.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let lines =
            if let requested {
                try checked(requested, against: ledger, receipt: receipt.amount)
            } else {
                try RuleViolation.checking("amount") { () throws(MoneyError) in try oldestFirst(own, receipt: receipt.amount) }
            }

        var touched: [String] = []
        // Every line is at most what its invoice owes and what is left of the receipt, so the payments,
        // their sum and the rest stay between zero and the receipt's amount; checked all the same.
        for line in lines {
            try RuleViolation.checking("amount") { () throws(MoneyError) in try ledger[line.invoiceId]?.pay(line.amount) }
            if !touched.contains(line.invoiceId) { touched.append(line.invoiceId) }
        }
        let rest = try RuleViolation.checking("amount") { () throws(MoneyError) in try receipt.amount - lines.sum(\.amount) }
        return ReceiptAllocation(
            lines: lines, updatedInvoices: touched.compactMap { ledger[$0] },
            creditBalance: rest,
            reconciliation: try ReconciliationFlag.check(expected: receipt.expectedAmount, received: receipt.amount))
    }

    /// Each line is at most what is left, so `left` goes down to zero and no further.
    private static func oldestFirst(_ invoices: [Invoice], receipt: Money) throws(MoneyError) -> [AllocationLine] {
        var left = receipt
        var lines: [AllocationLine] = []
        for invoice in invoices.filter(\.isPayable).sorted(by: Invoice.oldestFirst) where left > .zero {
            let amount = min(left, invoice.outstanding)
            lines.append(AllocationLine(invoiceId: invoice.id, amount: amount))
            try left -= amount
        }
        return lines
    }

    private static func checked(
        _ requested: [AllocationLine], against ledger: [String: Invoice], receipt: Money
    ) throws(RuleViolation) -> [AllocationLine] {
        var owing = ledger.mapValues(\.outstanding)  // what each invoice still owes after earlier lines
        var left = receipt
        for (i, line) in requested.enumerated() {
            guard let invoice = ledger[line.invoiceId] else {
                throw RuleViolation(.notFound, field: "allocations[\(i)].invoiceId", "no invoice \(line.invoiceId) for this customer")
            }
            guard invoice.status == .open, invoice.kind != .creditNote else {
                let why = invoice.kind == .creditNote ? "is a credit note" : "is \(invoice.status.rawValue)"
                throw RuleViolation(
                    .invalidState, field: "allocations[\(i)].invoiceId", "invoice \(invoice.id) \(why) and takes no payment")
            }
            let field = "allocations[\(i)].amount"
            guard line.amount > .zero else { throw .validation(field, "an allocation must be more than 0.00, got \(line.amount)") }
            let owed = owing[line.invoiceId] ?? .zero
            guard line.amount <= owed else {
                throw .validation(field, "\(line.amount) is more than the \(owed) invoice \(invoice.id) still owes")
            }
            guard line.amount <= left else {
                throw .validation(field, "\(line.amount) is more than the \(left) left of the receipt")
            }
            // Both at most what they are taken from (checked just above): never below zero.
            owing[line.invoiceId] = try RuleViolation.checking(field) { () throws(MoneyError) in try owed - line.amount }
            left = try RuleViolation.checking(field) { () throws(MoneyError) in try left - line.amount }
        }
        return requested
    }
}
