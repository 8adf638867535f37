import O2CContracts

/// A check of a customer's account: invoiced = received + credited + outstanding, to the fen
/// (DOMAIN.md "Invoices, receipts and the customer's account": monthly reconciliation, 每月对账).
///
/// - invoiced: the amounts of the customer's deposit, balance and freight invoices, cancelled ones left out;
/// - received: receipt money allocated to those invoices, less refunds paid out (an unallocated
///   credit balance is not in it);
/// - credited: the amounts of the customer's credit notes (offset or refunded alike), less what of them
///   was offset on invoices since cancelled (paid back with the cancellation's refund, like the rest of
///   what was paid on a cancelled invoice);
/// - outstanding: what those invoices still owe, less what the credit notes have not yet been used for.
package struct LedgerIdentity: Equatable, Sendable {
    package var invoiced: Money
    package var received: Money
    package var credited: Money
    package var outstanding: Money

    package init(invoiced: Money, received: Money, credited: Money, outstanding: Money) {
        self.invoiced = invoiced
        self.received = received
        self.credited = credited
        self.outstanding = outstanding
    }

    /// The figures of `customerId` from its invoices, the receipt lines allocated to them (lines to other
    /// invoices are ignored), the credit-note refunds paid to the customer and the credit-note offsets on
    /// invoices since cancelled (`creditReleased`).
    /// Sums beyond the bounds (a customer invoiced more than 999,999,999,999.99 in all) throw.
    package init(
        customerId: String, invoices: [Invoice], allocations: [AllocationLine], refunded: Money = .zero, creditReleased: Money = .zero
    ) throws(MoneyError) {
        let own = invoices.filter { $0.customerId == customerId && $0.status != .cancelled }
        let charges = own.filter { $0.kind != .creditNote }
        let creditNotes = own.filter { $0.kind == .creditNote }
        let chargeIds = Set(charges.map(\.id))
        self.init(
            invoiced: try charges.sum(\.amount),
            received: try allocations.filter { chargeIds.contains($0.invoiceId) }.sum(\.amount) - refunded,
            credited: try creditNotes.sum(\.amount) - creditReleased,
            outstanding: try charges.sum(\.outstanding) - creditNotes.sum(\.outstanding))
    }

    /// invoiced − (received + credited + outstanding): 0.00 when the account balances; checked.
    package var difference: Money {
        get throws(MoneyError) { try invoiced - (received + credited + outstanding) }
    }

    package var balances: Bool { (try? difference) == .zero }
}
