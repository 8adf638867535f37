import Foundation

// Events the orders service publishes; the `*_requested` ones are the saga's commands to the other services.

/// A contract was signed (or a phone/fax order confirmed): the order and its saga start.
package struct ContractSigned: EventContract, Equatable {
    package static let routingKey = "orders.contract_signed.v1"
    package var orderId: String
    package var customerId: String
    package var customerName: String
    package var lines: [OrderLine]
    package var total: Money
    package var deliveryAddress: String
    package var requestedDeliveryDate: String?
    package var signedBy: String
    package var signedAt: Date

    package init(
        orderId: String, customerId: String, customerName: String, lines: [OrderLine], total: Money, deliveryAddress: String,
        requestedDeliveryDate: String?, signedBy: String, signedAt: Date
    ) {
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
package struct CreditReservationRequested: EventContract, Equatable {
    package static let routingKey = "orders.credit_reservation_requested.v1"
    package var orderId: String
    package var customerId: String
    package var amount: Money
    /// Who made the order: the `sub`s that created its quote, its contract and the order itself (signed it,
    /// or took it by phone or fax). None of them may override credit for it (separation of duties); absent
    /// from a producer that predates it.
    package var orderAuthors: [String]?

    package init(orderId: String, customerId: String, amount: Money, orderAuthors: [String]? = nil) {
        self.orderId = orderId
        self.customerId = customerId
        self.amount = amount
        self.orderAuthors = orderAuthors
    }
}

/// The saga asks finance for the deposit invoice (ratio × total).
package struct DepositInvoiceRequested: EventContract, Equatable {
    package static let routingKey = "orders.deposit_invoice_requested.v1"
    package var orderId: String
    package var customerId: String
    package var total: Money
    package var depositRatioBasisPoints: Int
    /// The order's unpaid-deposit window (orders' `unpaidDepositDays` when it was signed): the invoice falls
    /// due at its end. Absent from a producer that predates it: `DepositWindow.defaultDays`.
    package var unpaidDepositDays: Int?
    /// The customer's owner when the order was signed or taken (orders' `orders.owner`), for finance's
    /// collection-rate report by salesperson. Absent from a producer that predates it, or for a customer
    /// without an owner: the order is unassigned.
    package var salesperson: String?
    /// The customer's region when the order was signed or taken (orders' `orders.region`); absent as `salesperson`.
    package var region: String?

    package init(
        orderId: String, customerId: String, total: Money, depositRatioBasisPoints: Int, unpaidDepositDays: Int? = nil,
        salesperson: String? = nil, region: String? = nil
    ) {
        self.orderId = orderId
        self.customerId = customerId
        self.total = total
        self.depositRatioBasisPoints = depositRatioBasisPoints
        self.unpaidDepositDays = unpaidDepositDays
        self.salesperson = salesperson
        self.region = region
    }
}

/// The saga asks the warehouse to schedule the shipment (deposit in, or shipping before payment approved).
package struct ShipmentRequested: EventContract, Equatable {
    package static let routingKey = "orders.shipment_requested.v1"
    package var orderId: String
    package var customerId: String
    package var customerName: String
    package var lines: [OrderLine]
    package var deliveryAddress: String
    package var shipBy: Date

    package init(orderId: String, customerId: String, customerName: String, lines: [OrderLine], deliveryAddress: String, shipBy: Date) {
        self.orderId = orderId
        self.customerId = customerId
        self.customerName = customerName
        self.lines = lines
        self.deliveryAddress = deliveryAddress
        self.shipBy = shipBy
    }
}

/// The saga asks finance for the balance invoice, due per the customer's grade.
package struct BalanceInvoiceRequested: EventContract, Equatable {
    package static let routingKey = "orders.balance_invoice_requested.v1"
    package var orderId: String
    package var customerId: String
    package var amount: Money
    package var grade: CreditGrade
    package var dispatchedAt: Date
    package var deliveredAt: Date?

    package init(orderId: String, customerId: String, amount: Money, grade: CreditGrade, dispatchedAt: Date, deliveredAt: Date?) {
        self.orderId = orderId
        self.customerId = customerId
        self.amount = amount
        self.grade = grade
        self.dispatchedAt = dispatchedAt
        self.deliveredAt = deliveredAt
    }
}

/// The saga asks credit to release what the order reserved (paid, or cancelled).
package struct CreditReleaseRequested: EventContract, Equatable {
    package static let routingKey = "orders.credit_release_requested.v1"
    package var orderId: String
    package var customerId: String

    package init(orderId: String, customerId: String) {
        self.orderId = orderId
        self.customerId = customerId
    }
}

/// Compensation: the warehouse releases the order's reservations and voids its dispatch note.
package struct ShipmentCancellationRequested: EventContract, Equatable {
    package static let routingKey = "orders.shipment_cancellation_requested.v1"
    package var orderId: String

    package init(orderId: String) {
        self.orderId = orderId
    }
}

/// A cancellation was requested in writing (DOMAIN.md "Order amendments": finance computes any penalty): finance
/// computes the penalty from the contract's cancellation term and what was paid on the deposit, and answers
/// with `finance.cancellation_penalty_computed.v1` before the request can take its last approval.
package struct CancellationRequested: EventContract, Equatable {
    package static let routingKey = "orders.cancellation_requested.v1"
    package var orderId: String
    package var customerId: String
    /// The change request's id (`CancellationPenaltyComputed.requestId`).
    package var requestId: String
    /// The order's total now (after any applied amendment): the basis of the penalty.
    package var orderTotal: Money
    /// The contract's `cancellationPenaltyPercent` in basis points (1000 = 10%); 0 for an order without a contract.
    package var cancellationPenaltyBasisPoints: Int
    package var requestedBy: String
    package var requestedAt: Date

    package init(
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
package struct DepositRefundRequested: EventContract, Equatable {
    package static let routingKey = "orders.deposit_refund_requested.v1"
    package var orderId: String
    package var customerId: String
    /// The penalty finance computed for the cancellation (`finance.cancellation_penalty_computed.v1`); 0.00 for a
    /// cancellation for an unpaid deposit. Finance keeps at most what was paid on the deposit.
    package var penalty: Money
    package var approvedBy: String
    /// Why the order was cancelled (`deposit_unpaid` when the unpaid-deposit window ran out); absent in older messages.
    package var reason: String?

    package init(orderId: String, customerId: String, penalty: Money, approvedBy: String, reason: String? = nil) {
        self.orderId = orderId
        self.customerId = customerId
        self.penalty = penalty
        self.approvedBy = approvedBy
        self.reason = reason
    }
}

/// Alert: the goods did not leave within the working days the rules allow after the deposit.
package struct ShipmentOverdue: EventContract, Equatable {
    package static let routingKey = "orders.shipment_overdue.v1"
    package var orderId: String
    package var dueAt: Date

    package init(orderId: String, dueAt: Date) {
        self.orderId = orderId
        self.dueAt = dueAt
    }
}

/// Alert: the payment notice (the deposit invoice) did not go out within 1 day of the credit reservation.
package struct PaymentNoticeLate: EventContract, Equatable {
    package static let routingKey = "orders.payment_notice_late.v1"
    package var orderId: String
    package var dueAt: Date

    package init(orderId: String, dueAt: Date) {
        self.orderId = orderId
        self.dueAt = dueAt
    }
}

/// Alert: finance did not have the waybill (no freight invoice for the order) within 1 working day of dispatch.
package struct WaybillLate: EventContract, Equatable {
    package static let routingKey = "orders.waybill_late.v1"
    package var orderId: String
    package var dueAt: Date

    package init(orderId: String, dueAt: Date) {
        self.orderId = orderId
        self.dueAt = dueAt
    }
}

/// The order is paid in full and its credit released.
package struct OrderCompleted: EventContract, Equatable {
    package static let routingKey = "orders.order_completed.v1"
    package var orderId: String
    package var customerId: String
    package var completedAt: Date

    package init(orderId: String, customerId: String, completedAt: Date) {
        self.orderId = orderId
        self.customerId = customerId
        self.completedAt = completedAt
    }
}

/// The order was cancelled and every compensation done.
package struct OrderCancelled: EventContract, Equatable {
    package static let routingKey = "orders.order_cancelled.v1"
    package var orderId: String
    package var customerId: String
    package var reason: String
    package var cancelledAt: Date

    package init(orderId: String, customerId: String, reason: String, cancelledAt: Date) {
        self.orderId = orderId
        self.customerId = customerId
        self.reason = reason
        self.cancelledAt = cancelledAt
    }
}

/// An approved amendment of a line item or a price changed an order before dispatch (DOMAIN.md "Order
/// amendments"): credit adjusts the reservation to `total`, finance re-prices a deposit invoice nothing
/// was paid on yet, warehouse-dispatch changes a dispatch note that is not picked yet.
package struct OrderAmended: EventContract, Equatable {
    package static let routingKey = "orders.order_amended.v1"
    package var orderId: String
    package var customerId: String
    package var amendmentId: String
    /// `line_item` or `price`.
    package var kind: String
    package var lines: [OrderLine]
    package var total: Money
    package var previousTotal: Money
    package var approvedBy: String
    package var amendedAt: Date

    package init(
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
package struct AmendmentCreditRequested: EventContract, Equatable {
    package static let routingKey = "orders.amendment_credit_requested.v1"
    package var orderId: String
    package var customerId: String
    /// The change request's id (`OrderAmended.amendmentId` once applied).
    package var amendmentId: String
    package var total: Money
    package var previousTotal: Money

    package init(orderId: String, customerId: String, amendmentId: String, total: Money, previousTotal: Money) {
        self.orderId = orderId
        self.customerId = customerId
        self.amendmentId = amendmentId
        self.total = total
        self.previousTotal = previousTotal
    }
}

/// Alert: the customer did not confirm the order within 4 hours of signing (DOMAIN.md deadlines,
/// 四小时内确认); customer_service follows up.
package struct CustomerConfirmationLate: EventContract, Equatable {
    package static let routingKey = "orders.customer_confirmation_late.v1"
    package var orderId: String
    package var dueAt: Date

    package init(orderId: String, dueAt: Date) {
        self.orderId = orderId
        self.dueAt = dueAt
    }
}

/// Alert: the customer was not told what shipped (and why anything differs) within 2 working days of
/// dispatch (DOMAIN.md deadlines).
package struct ShipmentNoticeLate: EventContract, Equatable {
    package static let routingKey = "orders.shipment_notice_late.v1"
    package var orderId: String
    package var dueAt: Date

    package init(orderId: String, dueAt: Date) {
        self.orderId = orderId
        self.dueAt = dueAt
    }
}

/// A cancellation or amendment was approved (CONTRACT.md "Changes to an order"): before anything changes,
/// warehouse-dispatch puts the order's dispatch note on hold — pick, hand-over, gate pass and release then
/// answer 409 `change_pending` — and answers `warehouse.dispatch_held.v1` if the goods have not left, or
/// `warehouse.dispatch_hold_refused.v1` (`already_dispatched`) if they have. With no note yet, the hold
/// covers the note the shipment request makes later.
package struct DispatchHoldRequested: EventContract, Equatable {
    package static let routingKey = "orders.dispatch_hold_requested.v1"
    package var orderId: String
    /// The change request's id; the hold is that request's.
    package var requestId: String
    /// The request's kind (`cancel`, `line_item`, `price`, `buyer_name`, `payment_method`).
    package var kind: String

    package init(orderId: String, requestId: String, kind: String) {
        self.orderId = orderId
        self.requestId = requestId
        self.kind = kind
    }
}

/// A held change request ended without touching the goods (rejected after the hold, e.g. by credit, or a
/// buyer-name or payment-method change applied): warehouse-dispatch lifts that request's hold. A cancellation
/// lifts it with `orders.shipment_cancellation_requested.v1` and an amendment with `orders.order_amended.v1`.
package struct DispatchHoldReleaseRequested: EventContract, Equatable {
    package static let routingKey = "orders.dispatch_hold_release_requested.v1"
    package var orderId: String
    package var requestId: String
    /// `applied` or `rejected`: how the request ended.
    package var outcome: String

    package init(orderId: String, requestId: String, outcome: String) {
        self.orderId = orderId
        self.requestId = requestId
        self.outcome = outcome
    }
}
