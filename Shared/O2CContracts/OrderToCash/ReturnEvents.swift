import Foundation

// The return/exchange saga's messages (DOMAIN.md "After-sales and returns"). After-sales hosts the saga;
// its commands are `aftersales.*` events that warehouse-dispatch and finance-collections consume, and
// their facts come back as `warehouse.return_*`, `warehouse.replacement_*` and `finance.credit_note_issued`.
// Every message's correlation id is the return's id.

/// A customer's return or exchange was requested (broadcast).
public struct ReturnRequested: EventContract, Equatable {
    public static let routingKey = "aftersales.return_requested.v1"
    public var returnId: String
    public var orderId: String
    public var customerId: String
    /// `return` or `exchange`.
    public var kind: String
    public var lines: [ReturnLine]
    public var reason: String
    public var requestedBy: String

    public init(returnId: String, orderId: String, customerId: String, kind: String, lines: [ReturnLine], reason: String, requestedBy: String) {
        self.returnId = returnId
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
        self.lines = lines
        self.reason = reason
        self.requestedBy = requestedBy
    }
}

/// branch_manager confirmed the return request (broadcast).
public struct ReturnConfirmed: EventContract, Equatable {
    public static let routingKey = "aftersales.return_confirmed.v1"
    public var returnId: String
    public var orderId: String
    public var confirmedBy: String

    public init(returnId: String, orderId: String, confirmedBy: String) {
        self.returnId = returnId
        self.orderId = orderId
        self.confirmedBy = confirmedBy
    }
}

/// The technician authenticated the goods as the company's own (broadcast; goods found not genuine end
/// the return with `aftersales.return_closed.v1`, outcome `rejected`).
public struct ReturnInspected: EventContract, Equatable {
    public static let routingKey = "aftersales.return_inspected.v1"
    public var returnId: String
    public var orderId: String
    public var inspectedBy: String
    public var notes: String?

    public init(returnId: String, orderId: String, inspectedBy: String, notes: String?) {
        self.returnId = returnId
        self.orderId = orderId
        self.inspectedBy = inspectedBy
        self.notes = notes
    }
}

/// sales_manager approved the return detail (红字需货申请单): warehouse-dispatch issues the reversing
/// outbound note (红字销售出库单) for exactly these lines.
public struct ReturnApproved: EventContract, Equatable {
    public static let routingKey = "aftersales.return_approved.v1"
    public var returnId: String
    public var orderId: String
    public var customerId: String
    public var kind: String
    public var lines: [ReturnLine]
    public var approvedBy: String

    public init(returnId: String, orderId: String, customerId: String, kind: String, lines: [ReturnLine], approvedBy: String) {
        self.returnId = returnId
        self.orderId = orderId
        self.customerId = customerId
        self.kind = kind
        self.lines = lines
        self.approvedBy = approvedBy
    }
}

/// The goods are back on hand: finance-collections issues a credit note for `amount` and refunds it, or
/// offsets it against the customer's open invoices (a return, not an exchange).
public struct CreditNoteRequested: EventContract, Equatable {
    public static let routingKey = "aftersales.credit_note_requested.v1"
    public var returnId: String
    public var orderId: String
    public var customerId: String
    public var lines: [ReturnLine]
    public var amount: Money

    public init(returnId: String, orderId: String, customerId: String, lines: [ReturnLine], amount: Money) {
        self.returnId = returnId
        self.orderId = orderId
        self.customerId = customerId
        self.lines = lines
        self.amount = amount
    }
}

/// The returned goods are back on hand: warehouse-dispatch ships the replacement through the normal
/// dispatch steps (pick, hand-over, gate pass, delivery) on a note of its own (an exchange).
public struct ReplacementRequested: EventContract, Equatable {
    public static let routingKey = "aftersales.replacement_requested.v1"
    public var returnId: String
    public var orderId: String
    public var customerId: String
    public var customerName: String
    public var lines: [ReturnLine]
    public var deliveryAddress: String

    public init(returnId: String, orderId: String, customerId: String, customerName: String, lines: [ReturnLine], deliveryAddress: String) {
        self.returnId = returnId
        self.orderId = orderId
        self.customerId = customerId
        self.customerName = customerName
        self.lines = lines
        self.deliveryAddress = deliveryAddress
    }
}

/// The return ended (broadcast): `refunded`, `exchanged` or `rejected`.
public struct ReturnClosed: EventContract, Equatable {
    public static let routingKey = "aftersales.return_closed.v1"
    public var returnId: String
    public var orderId: String
    public var customerId: String
    public var outcome: String
    public var reason: String?

    public init(returnId: String, orderId: String, customerId: String, outcome: String, reason: String?) {
        self.returnId = returnId
        self.orderId = orderId
        self.customerId = customerId
        self.outcome = outcome
        self.reason = reason
    }
}

/// A step of a return passed its deadline (broadcast, for the person who owns the step).
public struct ReturnStepOverdue: EventContract, Equatable {
    public static let routingKey = "aftersales.return_step_overdue.v1"
    public var returnId: String
    public var orderId: String
    public var step: String
    public var dueAt: Date

    public init(returnId: String, orderId: String, step: String, dueAt: Date) {
        self.returnId = returnId
        self.orderId = orderId
        self.step = step
        self.dueAt = dueAt
    }
}

/// warehouse-dispatch issued the reversing (red-ink) note for an approved return.
public struct ReturnNoteIssued: EventContract, Equatable {
    public static let routingKey = "warehouse.return_note_issued.v1"
    public var returnNoteId: String
    public var returnId: String
    public var orderId: String

    public init(returnNoteId: String, returnId: String, orderId: String) {
        self.returnNoteId = returnNoteId
        self.returnId = returnId
        self.orderId = orderId
    }
}

/// The warehouse counted the returned goods and they differ from the note (broadcast; the count
/// waits for a recount or a sales_manager's acceptance — nothing moves until then).
public struct ReturnDiscrepancyFound: EventContract, Equatable {
    public static let routingKey = "warehouse.return_discrepancy_found.v1"
    public var returnNoteId: String
    public var returnId: String
    public var orderId: String
    public var expected: [CountedLine]
    public var counted: [CountedLine]

    public init(returnNoteId: String, returnId: String, orderId: String, expected: [CountedLine], counted: [CountedLine]) {
        self.returnNoteId = returnNoteId
        self.returnId = returnId
        self.orderId = orderId
        self.expected = expected
        self.counted = counted
    }
}

/// The returned goods were received and are back on hand (the quantities actually taken in).
public struct ReturnReceived: EventContract, Equatable {
    public static let routingKey = "warehouse.return_received.v1"
    public var returnNoteId: String
    public var returnId: String
    public var orderId: String
    public var lines: [CountedLine]
    public var receivedBy: String
    public var receivedAt: Date

    public init(returnNoteId: String, returnId: String, orderId: String, lines: [CountedLine], receivedBy: String, receivedAt: Date) {
        self.returnNoteId = returnNoteId
        self.returnId = returnId
        self.orderId = orderId
        self.lines = lines
        self.receivedBy = receivedBy
        self.receivedAt = receivedAt
    }
}

/// The replacement goods of an exchange left through the gate.
public struct ReplacementDispatched: EventContract, Equatable {
    public static let routingKey = "warehouse.replacement_dispatched.v1"
    public var dispatchNoteId: String
    public var returnId: String
    public var orderId: String
    public var dispatchedAt: Date

    public init(dispatchNoteId: String, returnId: String, orderId: String, dispatchedAt: Date) {
        self.dispatchNoteId = dispatchNoteId
        self.returnId = returnId
        self.orderId = orderId
        self.dispatchedAt = dispatchedAt
    }
}

/// The customer signed for the replacement goods of an exchange.
public struct ReplacementDelivered: EventContract, Equatable {
    public static let routingKey = "warehouse.replacement_delivered.v1"
    public var dispatchNoteId: String
    public var returnId: String
    public var orderId: String
    public var deliveredAt: Date

    public init(dispatchNoteId: String, returnId: String, orderId: String, deliveredAt: Date) {
        self.dispatchNoteId = dispatchNoteId
        self.returnId = returnId
        self.orderId = orderId
        self.deliveredAt = deliveredAt
    }
}

/// finance-collections issued the credit note for a return: `offset` of it went to the customer's open
/// invoices (oldest first), `refunded` was paid back; offset + refunded = amount.
public struct CreditNoteIssued: EventContract, Equatable {
    public static let routingKey = "finance.credit_note_issued.v1"
    public var creditNoteId: String
    public var returnId: String
    public var orderId: String
    public var customerId: String
    public var amount: Money
    public var offset: Money
    public var refunded: Money

    public init(creditNoteId: String, returnId: String, orderId: String, customerId: String, amount: Money, offset: Money, refunded: Money) {
        self.creditNoteId = creditNoteId
        self.returnId = returnId
        self.orderId = orderId
        self.customerId = customerId
        self.amount = amount
        self.offset = offset
        self.refunded = refunded
    }
}
