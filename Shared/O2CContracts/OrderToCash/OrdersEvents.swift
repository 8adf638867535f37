import Foundation

// Events the orders service publishes; the `*_requested` ones are the saga's commands to the other services.

/// A contract was signed (or a phone/fax order confirmed): the order and its saga start.
public struct ContractSigned: EventContract, Equatable {
    public static let routingKey = "orders.contract_signed.v1"
    public var orderId: String
    public var customerId: String
    public var customerName: String
    public var lines: [OrderLine]
    public var total: Money
    public var deliveryAddress: String
    public var requestedDeliveryDate: String?
    public var signedBy: String
    public var signedAt: Date

    public init(orderId: String, customerId: String, customerName: String, lines: [OrderLine], total: Money, deliveryAddress: String, requestedDeliveryDate: String?, signedBy: String, signedAt: Date) {
        self.orderId = orderId
        self.customerId = customerId
        self.customerName = customerName
        self.lines = lines
        self.total = total
        self.deliveryAddress = deliveryAddress
        self.requestedDeliveryDate = requestedDeliveryDate
        self.signedBy = signedBy
        self.signedAt = signedAt
    }
}

/// The saga asks credit to reserve the order's total against the customer's limit.
public struct CreditReservationRequested: EventContract, Equatable {
    public static let routingKey = "orders.credit_reservation_requested.v1"
    public var orderId: String
    public var customerId: String
    public var amount: Money
    /// Who made the order: the `sub`s that created its quote, its contract and the order itself (signed it,
    /// or took it by phone or fax). None of them may override credit for it (separation of duties); absent
    /// from a producer that predates it.
    public var orderAuthors: [String]?

    public init(orderId: String, customerId: String, amount: Money, orderAuthors: [String]? = nil) {
        self.orderId = orderId
        self.customerId = customerId
        self.amount = amount
        self.orderAuthors = orderAuthors
    }
}

/// The saga asks finance for the deposit invoice (ratio × total).
public struct DepositInvoiceRequested: EventContract, Equatable {
    public static let routingKey = "orders.deposit_invoice_requested.v1"
    public var orderId: String
    public var customerId: String
    public var total: Money
    public var depositRatioBasisPoints: Int
    /// The order's unpaid-deposit window (orders' `unpaidDepositDays` when it was signed): the invoice falls
    /// due at its end. Absent from a producer that predates it: `DepositWindow.defaultDays`.
    public var unpaidDepositDays: Int?

    public init(orderId: String, customerId: String, total: Money, depositRatioBasisPoints: Int, unpaidDepositDays: Int? = nil) {
        self.orderId = orderId
        self.customerId = customerId
        self.total = total
        self.depositRatioBasisPoints = depositRatioBasisPoints
        self.unpaidDepositDays = unpaidDepositDays
    }
}

/// The saga asks the warehouse to schedule the shipment (deposit in, or shipping before payment approved).
public struct ShipmentRequested: EventContract, Equatable {
    public static let routingKey = "orders.shipment_requested.v1"
    public var orderId: String
    public var customerId: String
    public var customerName: String
    public var lines: [OrderLine]
    public var deliveryAddress: String
    public var shipBy: Date

    public init(orderId: String, customerId: String, customerName: String, lines: [OrderLine], deliveryAddress: String, shipBy: Date) {
        self.orderId = orderId
        self.customerId = customerId
        self.customerName = customerName
        self.lines = lines
        self.deliveryAddress = deliveryAddress
        self.shipBy = shipBy
    }
}

/// The saga asks finance for the balance invoice, due per the customer's grade.
public struct BalanceInvoiceRequested: EventContract, Equatable {
    public static let routingKey = "orders.balance_invoice_requested.v1"
    public var orderId: String
    public var customerId: String
    public var amount: Money
    public var grade: CreditGrade
    public var dispatchedAt: Date
    public var deliveredAt: Date?

    public init(orderId: String, customerId: String, amount: Money, grade: CreditGrade, dispatchedAt: Date, deliveredAt: Date?) {
        self.orderId = orderId
        self.customerId = customerId
        self.amount = amount
        self.grade = grade
        self.dispatchedAt = dispatchedAt
        self.deliveredAt = deliveredAt
    }
}

/// The saga asks credit to release what the order reserved (paid, or cancelled).
public struct CreditReleaseRequested: EventContract, Equatable {
    public static let routingKey = "orders.credit_release_requested.v1"
    public var orderId: String
    public var customerId: String

    public init(orderId: String, customerId: String) {
        self.orderId = orderId
        self.customerId = customerId
    }
}

/// Compensation: the warehouse releases the order's reservations and voids its dispatch note.
public struct ShipmentCancellationRequested: EventContract, Equatable {
    public static let routingKey = "orders.shipment_cancellation_requested.v1"
    public var orderId: String

    public init(orderId: String) {
        self.orderId = orderId
    }
}

/// A cancellation was requested in writing (DOMAIN.md "Order amendments": finance computes any penalty): finance
/// computes the penalty from the contract's cancellation term and what was paid on the deposit, and answers
/// with `finance.cancellation_penalty_computed.v1` before the request can take its last approval.
public struct CancellationRequested: EventContract, Equatable {
    public static let routingKey = "orders.cancellation_requested.v1"
    public var orderId: String
    public var customerId: String
    /// The change request's id (`CancellationPenaltyComputed.requestId`).
    public var requestId: String
    /// The order's total now (after any applied amendment): the basis of the penalty.
    public var orderTotal: Money
    /// The contract's `cancellationPenaltyPercent` in basis points (1000 = 10%); 0 for an order without a contract.
    public var cancellationPenaltyBasisPoints: Int
    public var requestedBy: String
    public var requestedAt: Date

    public init(
        orderId: String, customerId: String, requestId: String, orderTotal: Money, cancellationPenaltyBasisPoints: Int,
        requestedBy: String, requestedAt: Date
    ) {
        self.orderId = orderId
        self.customerId = customerId
        self.requestId = requestId
        self.orderTotal = orderTotal
        self.cancellationPenaltyBasisPoints = cancellationPenaltyBasisPoints
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
    }
}

/// Compensation after an approved cancellation: finance refunds the deposit less the penalty.
public struct DepositRefundRequested: EventContract, Equatable {
    public static let routingKey = "orders.deposit_refund_requested.v1"
    public var orderId: String
    public var customerId: String
    /// The penalty finance computed for the cancellation (`finance.cancellation_penalty_computed.v1`); 0.00 for a
    /// cancellation for an unpaid deposit. Finance keeps at most what was paid on the deposit.
    public var penalty: Money
    public var approvedBy: String
    /// Why the order was cancelled (`deposit_unpaid` when the unpaid-deposit window ran out); absent in older messages.
    public var reason: String?

    public init(orderId: String, customerId: String, penalty: Money, approvedBy: String, reason: String? = nil) {
        self.orderId = orderId
        self.customerId = customerId
        self.penalty = penalty
        self.approvedBy = approvedBy
        self.reason = reason
    }
}

/// Alert: the goods did not leave within the working days the rules allow after the deposit.
public struct ShipmentOverdue: EventContract, Equatable {
    public static let routingKey = "orders.shipment_overdue.v1"
    public var orderId: String
    public var dueAt: Date

    public init(orderId: String, dueAt: Date) {
        self.orderId = orderId
        self.dueAt = dueAt
    }
}

/// Alert: the payment notice (the deposit invoice) did not go out within 1 day of the credit reservation.
public struct PaymentNoticeLate: EventContract, Equatable {
    public static let routingKey = "orders.payment_notice_late.v1"
    public var orderId: String
    public var dueAt: Date

    public init(orderId: String, dueAt: Date) {
        self.orderId = orderId
        self.dueAt = dueAt
    }
}

/// Alert: finance did not have the waybill (no freight invoice for the order) within 1 working day of dispatch.
public struct WaybillLate: EventContract, Equatable {
    public static let routingKey = "orders.waybill_late.v1"
    public var orderId: String
    public var dueAt: Date

    public init(orderId: String, dueAt: Date) {
        self.orderId = orderId
        self.dueAt = dueAt
    }
}

/// The order is paid in full and its credit released.
public struct OrderCompleted: EventContract, Equatable {
    public static let routingKey = "orders.order_completed.v1"
    public var orderId: String
    public var customerId: String
    public var completedAt: Date

    public init(orderId: String, customerId: String, completedAt: Date) {
        self.orderId = orderId
        self.customerId = customerId
        self.completedAt = completedAt
    }
}

/// The order was cancelled and every compensation done.
public struct OrderCancelled: EventContract, Equatable {
    public static let routingKey = "orders.order_cancelled.v1"
    public var orderId: String
    public var customerId: String
    public var reason: String
    public var cancelledAt: Date

    public init(orderId: String, customerId: String, reason: String, cancelledAt: Date) {
        self.orderId = orderId
        self.customerId = customerId
        self.reason = reason
        self.cancelledAt = cancelledAt
    }
}

/// An approved amendment of a line item or a price changed an order before dispatch (DOMAIN.md "Order
/// amendments"): credit adjusts the reservation to `total`, finance re-prices a deposit invoice nothing
/// was paid on yet, warehouse-dispatch changes a dispatch note that is not picked yet.
public struct OrderAmended: EventContract, Equatable {
    public static let routingKey = "orders.order_amended.v1"
    public var orderId: String
    public var customerId: String
    public var amendmentId: String
    /// `line_item` or `price`.
    public var kind: String
    public var lines: [OrderLine]
    public var total: Money
    public var previousTotal: Money
    public var approvedBy: String
    public var amendedAt: Date

    public init(
        orderId: String, customerId: String, amendmentId: String, kind: String, lines: [OrderLine], total: Money, previousTotal: Money,
        approvedBy: String, amendedAt: Date
    ) {
        self.orderId = orderId
        self.customerId = customerId
        self.amendmentId = amendmentId
        self.kind = kind
        self.lines = lines
        self.total = total
        self.previousTotal = previousTotal
        self.approvedBy = approvedBy
        self.amendedAt = amendedAt
    }
}

/// An approved amendment would raise the order's total (CONTRACT.md "Changes to an order"): credit checks
/// the new total against the limit and holds like a new order before anything is re-priced; finance and
/// warehouse-dispatch hear of the amendment (`orders.order_amended.v1`) only once credit agreed.
public struct AmendmentCreditRequested: EventContract, Equatable {
    public static let routingKey = "orders.amendment_credit_requested.v1"
    public var orderId: String
    public var customerId: String
    /// The change request's id (`OrderAmended.amendmentId` once applied).
    public var amendmentId: String
    public var total: Money
    public var previousTotal: Money

    public init(orderId: String, customerId: String, amendmentId: String, total: Money, previousTotal: Money) {
        self.orderId = orderId
        self.customerId = customerId
        self.amendmentId = amendmentId
        self.total = total
        self.previousTotal = previousTotal
    }
}

/// Alert: the customer did not confirm the order within 4 hours of signing (DOMAIN.md deadlines,
/// 四小时内确认); customer_service follows up.
public struct CustomerConfirmationLate: EventContract, Equatable {
    public static let routingKey = "orders.customer_confirmation_late.v1"
    public var orderId: String
    public var dueAt: Date

    public init(orderId: String, dueAt: Date) {
        self.orderId = orderId
        self.dueAt = dueAt
    }
}

/// Alert: the customer was not told what shipped (and why anything differs) within 2 working days of
/// dispatch (DOMAIN.md deadlines).
public struct ShipmentNoticeLate: EventContract, Equatable {
    public static let routingKey = "orders.shipment_notice_late.v1"
    public var orderId: String
    public var dueAt: Date

    public init(orderId: String, dueAt: Date) {
        self.orderId = orderId
        self.dueAt = dueAt
    }
}

/// A cancellation or amendment was approved (CONTRACT.md "Changes to an order"): before anything changes,
/// warehouse-dispatch puts the order's dispatch note on hold — pick, hand-over, gate pass and release then
/// answer 409 `change_pending` — and answers `warehouse.dispatch_held.v1` if the goods have not left, or
/// `warehouse.dispatch_hold_refused.v1` (`already_dispatched`) if they have. With no note yet, the hold
/// covers the note the shipment request makes later.
public struct DispatchHoldRequested: EventContract, Equatable {
    public static let routingKey = "orders.dispatch_hold_requested.v1"
    public var orderId: String
    /// The change request's id; the hold is that request's.
    public var requestId: String
    /// The request's kind (`cancel`, `line_item`, `price`, `buyer_name`, `payment_method`).
    public var kind: String

    public init(orderId: String, requestId: String, kind: String) {
        self.orderId = orderId
        self.requestId = requestId
        self.kind = kind
    }
}

/// A held change request ended without touching the goods (rejected after the hold, e.g. by credit, or a
/// buyer-name or payment-method change applied): warehouse-dispatch lifts that request's hold. A cancellation
/// lifts it with `orders.shipment_cancellation_requested.v1` and an amendment with `orders.order_amended.v1`.
public struct DispatchHoldReleaseRequested: EventContract, Equatable {
    public static let routingKey = "orders.dispatch_hold_release_requested.v1"
    public var orderId: String
    public var requestId: String
    /// `applied` or `rejected`: how the request ended.
    public var outcome: String

    public init(orderId: String, requestId: String, outcome: String) {
        self.orderId = orderId
        self.requestId = requestId
        self.outcome = outcome
    }
}
