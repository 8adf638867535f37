import Foundation

// Events the finance-collections service publishes.

/// An invoice (deposit, balance, freight or credit note) was issued.
public struct InvoiceIssued: EventContract, Equatable {
    public static let routingKey = "finance.invoice_issued.v1"
    public var invoiceId: String
    public var orderId: String?
    public var customerId: String
    public var kind: String
    public var amount: Money
    public var dueDate: String?

    public init(invoiceId: String, orderId: String?, customerId: String, kind: String, amount: Money, dueDate: String?) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
        self.amount = amount
        self.dueDate = dueDate
    }
}

/// An invoice's outstanding reached zero.
public struct InvoicePaid: EventContract, Equatable {
    public static let routingKey = "finance.invoice_paid.v1"
    public var invoiceId: String
    public var orderId: String?
    public var customerId: String
    public var kind: String
    public var paidAt: Date

    public init(invoiceId: String, orderId: String?, customerId: String, kind: String, paidAt: Date) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
        self.paidAt = paidAt
    }
}

/// An invoice passed its due date unpaid (by the service's clock).
public struct InvoiceOverdue: EventContract, Equatable {
    public static let routingKey = "finance.invoice_overdue.v1"
    public var invoiceId: String
    public var orderId: String?
    public var customerId: String
    public var dueDate: String
    public var outstanding: Money

    public init(invoiceId: String, orderId: String?, customerId: String, dueDate: String, outstanding: Money) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.customerId = customerId
        self.dueDate = dueDate
        self.outstanding = outstanding
    }
}

/// An invoice was withdrawn (its order cancelled before it was paid, or with its deposit refunded): it is
/// no longer owed, counts in no exposure and lifts any hold it caused.
public struct InvoiceVoided: EventContract, Equatable {
    public static let routingKey = "finance.invoice_voided.v1"
    public var invoiceId: String
    public var orderId: String?
    public var customerId: String
    public var kind: String
    /// What was still unpaid on it when it was withdrawn.
    public var outstanding: Money
    public var reason: String
    public var voidedBy: String
    public var voidedAt: Date

    public init(
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
public struct CancellationPenaltyComputed: EventContract, Equatable {
    public static let routingKey = "finance.cancellation_penalty_computed.v1"
    public var orderId: String
    public var customerId: String
    public var requestId: String
    /// What the customer forfeits: `min(contractualPenalty, depositPaid)`, never negative.
    public var penalty: Money
    /// The basis: the term, the order total, percent × total (rounded half away from zero to the fen), the deposit paid.
    public var cancellationPenaltyBasisPoints: Int
    public var orderTotal: Money
    public var contractualPenalty: Money
    public var depositPaid: Money
    public var computedAt: Date

    public init(
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
public struct DepositRefunded: EventContract, Equatable {
    public static let routingKey = "finance.deposit_refunded.v1"
    public var orderId: String
    public var customerId: String
    public var refunded: Money
    public var penalty: Money

    public init(orderId: String, customerId: String, refunded: Money, penalty: Money) {
        self.orderId = orderId
        self.customerId = customerId
        self.refunded = refunded
        self.penalty = penalty
    }
}

/// An open invoice's amount changed (a deposit invoice re-priced after an order amendment, before
/// anything was paid on it).
public struct InvoiceAdjusted: EventContract, Equatable {
    public static let routingKey = "finance.invoice_adjusted.v1"
    public var invoiceId: String
    public var orderId: String?
    public var customerId: String
    public var kind: String
    public var previousAmount: Money
    public var amount: Money
    public var reason: String

    public init(invoiceId: String, orderId: String?, customerId: String, kind: String, previousAmount: Money, amount: Money, reason: String) {
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
        self.previousAmount = previousAmount
        self.amount = amount
        self.reason = reason
    }
}
