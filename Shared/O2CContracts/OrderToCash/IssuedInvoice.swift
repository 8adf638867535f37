// A payment counts only for the invoice finance issued for that order and kind (issue 10 "Validated
// producers", issue 11 "Payments matched"): the order saga releases the goods on a deposit payment and
// credit lifts holds and frees exposure on a payment, so both check a `finance.invoice_paid.v1` against
// the `finance.invoice_issued.v1` they recorded for the same invoice id.

extension RuleViolation.Code {
    /// A payment names an invoice finance did not issue for that order, customer and kind, or a kind
    /// finance takes no payment on. Nothing moves; the consumer parks the message at once.
    package static let invoiceMismatch = RuleViolation.Code(rawValue: "invoice_mismatch")
}

/// An invoice as a receiver recorded it from `finance.invoice_issued.v1`.
package struct IssuedInvoice: Sendable, Hashable {
    package var invoiceId: String
    package var orderId: String?
    package var customerId: String
    package var kind: String

    package init(invoiceId: String, orderId: String?, customerId: String, kind: String) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
    }

    package init(_ issued: InvoiceIssued) {
        self.init(invoiceId: issued.invoiceId, orderId: issued.orderId, customerId: issued.customerId, kind: issued.kind)
    }

    /// The kinds finance takes payments on. A credit note is never paid (it is used at once, and finance
    /// publishes no `invoice_issued` for it).
    package static let payableKinds = Set(InvoiceKind.allCases.filter(\.isPayable).map(\.rawValue))
    /// The kinds finance issues once per order (its unique indexes); freight is invoiced per dispatch note.
    package static let onePerOrder = Set(InvoiceKind.allCases.filter(\.isOnePerOrder).map(\.rawValue))

    /// Refuses a payment of this invoice that names another order, customer or kind than finance issued it for.
    package func take(paymentFor orderId: String?, customerId: String, kind: String) throws(RuleViolation) {
        var differences: [String] = []
        if orderId != self.orderId { differences.append("order \(orderId ?? "(none)") (issued for \(self.orderId ?? "no order"))") }
        if customerId != self.customerId { differences.append("customer \(customerId) (issued to \(self.customerId))") }
        if kind != self.kind { differences.append("kind \(kind) (issued as \(self.kind))") }
        guard differences.isEmpty else {
            throw .invoiceMismatch(invoiceId, "the payment of invoice \(invoiceId) names \(differences.joined(separator: ", "))")
        }
    }
}

/// A payment whose invoice's `finance.invoice_issued.v1` has not arrived (yet). Finance publishes the issue
/// before any payment, but deliveries can overtake each other (two workers, an issue on a retry tier), so the
/// receiver throws this to have the message retried on the delay tiers instead of refusing it; should the issue
/// never come, the message is parked after the last tier with this as its reason.
package struct InvoiceNotYetIssued: ArrivedEarly, Sendable, Hashable, CustomStringConvertible {
    package var invoiceId: String
    package var orderId: String?
    package var kind: String

    package init(invoiceId: String, orderId: String?, kind: String) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.kind = kind
    }

    package var description: String {
        "invoice_mismatch unless its issue arrives: no \(kind) invoice \(invoiceId) issued for order \(orderId ?? "(none)") has been "
            + "received; retried in case the payment overtook finance.invoice_issued.v1"
    }
}

extension RuleViolation {
    /// A payment that does not match what finance issued (`invoice_mismatch`, about the field `invoiceId`).
    package static func invoiceMismatch(_ invoiceId: String, _ detail: String) -> RuleViolation {
        RuleViolation(.invoiceMismatch, field: "invoiceId", detail)
    }
}

extension InvoicePaid {
    /// Takes the payment only for `issued`, this invoice as finance issued it (nil when its issue has not been
    /// received): a kind finance takes no payment on, or another order, customer or kind than issued, is refused
    /// (`RuleViolation` `invoice_mismatch`); with no issue received yet it throws `InvoiceNotYetIssued`.
    package func match(_ issued: IssuedInvoice?) throws {
        guard IssuedInvoice.payableKinds.contains(kind) else {
            throw RuleViolation.invoiceMismatch(
                invoiceId, "finance takes payments on deposit, balance and freight invoices, not on '\(kind)'")
        }
        guard let issued else { throw InvoiceNotYetIssued(invoiceId: invoiceId, orderId: orderId, kind: kind) }
        try issued.take(paymentFor: orderId, customerId: customerId, kind: kind)
    }
}
