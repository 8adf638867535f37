import O2CContracts

/// One customer's credit position (DOMAIN.md "Credit"): open reservations, unpaid invoices and
/// holds. Exposure = open reserved orders + unpaid invoices. A pure value; the service stores it.
package struct CreditAccount: Sendable, Hashable {
    package struct Reservation: Sendable, Hashable {
        package var orderId: String
        package var amount: Money
        /// Set when a sales_director's override let it through.
        package var override: CreditOverride?
    }

    package struct UnpaidInvoice: Sendable, Hashable {
        package var invoiceId: String
        package var outstanding: Money
    }

    package internal(set) var reservations: [Reservation] = []
    package private(set) var unpaidInvoices: [UnpaidInvoice] = []
    /// In the order placed; the customer is on hold while any remains.
    package private(set) var holds: [CreditHold] = []

    package init() {}

    // Sums of bounded amounts, checked: only a customer exposed past 999,999,999,999.99 in all (far
    // past any credit limit) makes them throw.
    package var openReservations: Money { get throws(MoneyError) { try reservations.sum(\.amount) } }
    package var unpaidInvoiceTotal: Money { get throws(MoneyError) { try unpaidInvoices.sum(\.outstanding) } }
    package var exposure: Money { get throws(MoneyError) { try openReservations + unpaidInvoiceTotal } }
    /// The limit less exposure; negative after an override over the limit.
    package func available(under profile: CreditProfile) throws(MoneyError) -> Money { try profile.creditLimit - exposure }

    package var isOnHold: Bool { !holds.isEmpty }
    package var holdReasons: [String] { holds.map(\.reason) }

    package func reservation(for orderId: String) -> Reservation? { reservations.first { $0.orderId == orderId } }

    /// Releases an order's reservation (completed or cancelled order). Returns the amount released,
    /// or `nil` when there was none: releasing twice is harmless.
    @discardableResult
    package mutating func release(orderId: String) -> Money? {
        guard let index = reservations.firstIndex(where: { $0.orderId == orderId }) else { return nil }
        return reservations.remove(at: index).amount
    }

    /// Records an invoice's outstanding amount (issued, or partly paid). Nothing outstanding counts as paid.
    package mutating func recordInvoice(id invoiceId: String, outstanding: Money) {
        guard outstanding > .zero else { return invoicePaid(id: invoiceId) }
        if let index = unpaidInvoices.firstIndex(where: { $0.invoiceId == invoiceId }) {
            unpaidInvoices[index].outstanding = outstanding
        } else {
            unpaidInvoices.append(UnpaidInvoice(invoiceId: invoiceId, outstanding: outstanding))
        }
    }

    /// An overdue invoice puts the customer on hold; once per invoice however often it is reported.
    package mutating func invoiceOverdue(id invoiceId: String) {
        let hold = CreditHold.overdueInvoice(invoiceId: invoiceId)
        if !holds.contains(hold) { holds.append(hold) }
    }

    /// A paid invoice leaves exposure and lifts its own hold; other invoices' holds remain.
    package mutating func invoicePaid(id invoiceId: String) {
        unpaidInvoices.removeAll { $0.invoiceId == invoiceId }
        holds.removeAll { $0 == .overdueInvoice(invoiceId: invoiceId) }
    }
}
