import O2CContracts

/// One customer's credit position (DOMAIN.md "Credit"): open reservations, unpaid invoices and
/// holds. Exposure = open reserved orders + unpaid invoices. A pure value; the service stores it.
public struct CreditAccount: Sendable, Hashable {
    public struct Reservation: Sendable, Hashable {
        public var orderId: String
        public var amount: Money
        /// Set when a sales_director's override let it through.
        public var override: CreditOverride?
    }

    public struct UnpaidInvoice: Sendable, Hashable {
        public var invoiceId: String
        public var outstanding: Money
    }

    public internal(set) var reservations: [Reservation] = []
    public private(set) var unpaidInvoices: [UnpaidInvoice] = []
    /// In the order placed; the customer is on hold while any remains.
    public private(set) var holds: [CreditHold] = []

    public init() {}

    // Sums of bounded amounts, checked: only a customer exposed past 999,999,999,999.99 in all (far
    // past any credit limit) makes them throw.
    public var openReservations: Money { get throws(MoneyError) { try reservations.sum(\.amount) } }
    public var unpaidInvoiceTotal: Money { get throws(MoneyError) { try unpaidInvoices.sum(\.outstanding) } }
    public var exposure: Money { get throws(MoneyError) { try openReservations + unpaidInvoiceTotal } }
    /// The limit less exposure; negative after an override over the limit.
    public func available(under profile: CreditProfile) throws(MoneyError) -> Money { try profile.creditLimit - exposure }

    public var isOnHold: Bool { !holds.isEmpty }
    public var holdReasons: [String] { holds.map(\.reason) }

    public func reservation(for orderId: String) -> Reservation? { reservations.first { $0.orderId == orderId } }

    /// Releases an order's reservation (completed or cancelled order). Returns the amount released,
    /// or `nil` when there was none: releasing twice is harmless.
    @discardableResult
    public mutating func release(orderId: String) -> Money? {
        guard let index = reservations.firstIndex(where: { $0.orderId == orderId }) else { return nil }
        return reservations.remove(at: index).amount
    }

    /// Records an invoice's outstanding amount (issued, or partly paid). Nothing outstanding counts as paid.
    public mutating func recordInvoice(id invoiceId: String, outstanding: Money) {
        guard outstanding > .zero else { return invoicePaid(id: invoiceId) }
        if let index = unpaidInvoices.firstIndex(where: { $0.invoiceId == invoiceId }) {
            unpaidInvoices[index].outstanding = outstanding
        } else {
            unpaidInvoices.append(UnpaidInvoice(invoiceId: invoiceId, outstanding: outstanding))
        }
    }

    /// An overdue invoice puts the customer on hold; once per invoice however often it is reported.
    public mutating func invoiceOverdue(id invoiceId: String) {
        let hold = CreditHold.overdueInvoice(invoiceId: invoiceId)
        if !holds.contains(hold) { holds.append(hold) }
    }

    /// A paid invoice leaves exposure and lifts its own hold; other invoices' holds remain.
    public mutating func invoicePaid(id invoiceId: String) {
        unpaidInvoices.removeAll { $0.invoiceId == invoiceId }
        holds.removeAll { $0 == .overdueInvoice(invoiceId: invoiceId) }
    }
}
