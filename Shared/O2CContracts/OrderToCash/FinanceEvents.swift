import Foundation

// Events the finance-collections service publishes.

/// An invoice (deposit, balance, freight or credit note) was issued.
package struct InvoiceIssued: EventContract, Equatable {
    package static let routingKey = "finance.invoice_issued.v1"
    package var invoiceId: String
    package var orderId: String?
    package var customerId: String
    package var kind: String
    package var amount: Money
    package var dueDate: String?

    package init(invoiceId: String, orderId: String?, customerId: String, kind: String, amount: Money, dueDate: String?) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
        self.amount = amount
        self.dueDate = dueDate
    }
}

/// An invoice's outstanding reached zero.
package struct InvoicePaid: EventContract, Equatable {
    package static let routingKey = "finance.invoice_paid.v1"
    package var invoiceId: String
    package var orderId: String?
    package var customerId: String
    package var kind: String
    package var paidAt: Date

    package init(invoiceId: String, orderId: String?, customerId: String, kind: String, paidAt: Date) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
        self.paidAt = paidAt
    }
}

/// An invoice passed its due date unpaid (by the service's clock).
package struct InvoiceOverdue: EventContract, Equatable {
    package static let routingKey = "finance.invoice_overdue.v1"
    package var invoiceId: String
    package var orderId: String?
    package var customerId: String
    package var dueDate: String
    package var outstanding: Money

    package init(invoiceId: String, orderId: String?, customerId: String, dueDate: String, outstanding: Money) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.customerId = customerId
        self.dueDate = dueDate
        self.outstanding = outstanding
    }
}

/// An invoice was withdrawn (its order cancelled before it was paid, or with its deposit refunded): it is
/// no longer owed, counts in no exposure and lifts any hold it caused.
package struct InvoiceVoided: EventContract, Equatable {
    package static let routingKey = "finance.invoice_voided.v1"
    package var invoiceId: String
    package var orderId: String?
    package var customerId: String
    package var kind: String
    /// What was still unpaid on it when it was withdrawn.
    package var outstanding: Money
    package var reason: String
    package var voidedBy: String
    package var voidedAt: Date

    package init(
        invoiceId: String, orderId: String?, customerId: String, kind: String, outstanding: Money, reason: String, voidedBy: String,
        voidedAt: Date
    ) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
        self.outstanding = outstanding
        self.reason = reason
        self.voidedBy = voidedBy
        self.voidedAt = voidedAt
    }
}

/// Finance computed the penalty of a requested cancellation (DOMAIN.md "Order amendments", "The order-to-cash
/// flow" compensations): the contract's percent of the order total, capped at what was paid on the deposit
/// when it was computed. Orders shows it on the request; the last approval waits for it.
package struct CancellationPenaltyComputed: EventContract, Equatable {
    package static let routingKey = "finance.cancellation_penalty_computed.v1"
    package var orderId: String
    package var customerId: String
    package var requestId: String
    /// What the customer forfeits: `min(contractualPenalty, depositPaid)`, never negative.
    package var penalty: Money
    /// The basis: the term, the order total, percent × total (rounded half away from zero to the fen), the deposit paid.
    package var cancellationPenaltyBasisPoints: Int
    package var orderTotal: Money
    package var contractualPenalty: Money
    package var depositPaid: Money
    package var computedAt: Date

    package init(
        orderId: String, customerId: String, requestId: String, penalty: Money, cancellationPenaltyBasisPoints: Int, orderTotal: Money,
        contractualPenalty: Money, depositPaid: Money, computedAt: Date
    ) {
        self.orderId = orderId
        self.customerId = customerId
        self.requestId = requestId
        self.penalty = penalty
        self.cancellationPenaltyBasisPoints = cancellationPenaltyBasisPoints
        self.orderTotal = orderTotal
        self.contractualPenalty = contractualPenalty
        self.depositPaid = depositPaid
        self.computedAt = computedAt
    }
}

/// The deposit was refunded (less the penalty) after a cancellation.
package struct DepositRefunded: EventContract, Equatable {
    package static let routingKey = "finance.deposit_refunded.v1"
    package var orderId: String
    package var customerId: String
    package var refunded: Money
    package var penalty: Money

    package init(orderId: String, customerId: String, refunded: Money, penalty: Money) {
        self.orderId = orderId
        self.customerId = customerId
        self.refunded = refunded
        self.penalty = penalty
    }
}

/// An open invoice's amount changed (a deposit invoice re-priced after an order amendment, before
/// anything was paid on it).
package struct InvoiceAdjusted: EventContract, Equatable {
    package static let routingKey = "finance.invoice_adjusted.v1"
    package var invoiceId: String
    package var orderId: String?
    package var customerId: String
    package var kind: String
    package var previousAmount: Money
    package var amount: Money
    package var reason: String

    package init(
        invoiceId: String, orderId: String?, customerId: String, kind: String, previousAmount: Money, amount: Money, reason: String
    ) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
        self.previousAmount = previousAmount
        self.amount = amount
        self.reason = reason
    }
}
