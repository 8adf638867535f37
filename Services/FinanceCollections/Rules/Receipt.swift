import O2CContracts

/// Money received from a customer, recorded by finance only (DOMAIN.md "Invoices, receipts and the
/// customer's account"; CONTRACT.md `POST /v1/receipts`).
package struct Receipt: Hashable, Sendable, Codable {
    package enum Method: String, CaseIterable, Codable, Sendable {
        /// A bank transfer (打款).
        case bank
        /// Cash at the finance desk.
        case cash
        /// Cash on delivery collected by the carrier and handed to finance the same day.
        case cod
    }

    package var customerId: String
    package var amount: Money
    package var method: Method
    /// The bank reference, cash slip or waybill number the money came with.
    package var reference: String
    /// What the customer was expected to pay (the payment notice, or the dispatch amount for COD), when known.
    package var expectedAmount: Money?

    package init(customerId: String, amount: Money, method: Method, reference: String, expectedAmount: Money? = nil) {
        self.customerId = customerId
        self.amount = amount
        self.method = method
        self.reference = reference
        self.expectedAmount = expectedAmount
    }
}

/// A part of a receipt applied to one invoice: asked for in a request, or decided by allocation.
package struct AllocationLine: Hashable, Sendable, Codable {
    package var invoiceId: String
    package var amount: Money

    package init(invoiceId: String, amount: Money) {
        self.invoiceId = invoiceId
        self.amount = amount
    }
}

/// A receipt that differs from what was expected: recorded for reconciliation, not refused
/// (如有差距必须及时核对具体原因并做好记录).
package struct ReconciliationFlag: Hashable, Sendable, Codable {
    package let expected: Money
    package let received: Money
    /// received − expected: positive when the customer paid more, negative when less.
    package let difference: Money

    init(expected: Money, received: Money) throws(RuleViolation) {
        self.expected = expected
        self.received = received
        self.difference = try RuleViolation.checking("expectedAmount") { () throws(MoneyError) in try received - expected }
    }

    /// A flag when `received` differs from `expected`, nil when they match or nothing was expected. A
    /// difference beyond the bounds (two amounts far apart either side of zero) is a refusal of
    /// `expectedAmount`.
    package static func check(expected: Money?, received: Money) throws(RuleViolation) -> ReconciliationFlag? {
        guard let expected, expected != received else { return nil }
        return try ReconciliationFlag(expected: expected, received: received)
    }
}
