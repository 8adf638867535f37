import Foundation

// The return/exchange saga's messages (DOMAIN.md "After-sales and returns"). After-sales hosts the saga;
// its commands are `aftersales.*` events that warehouse-dispatch and finance-collections consume, and
// their facts come back as `warehouse.return_*`, `warehouse.replacement_*` and `finance.credit_note_issued`.
// Every message's correlation id is the return's id.

/// A customer's return or exchange was requested (broadcast).
package struct ReturnRequested: EventContract, Equatable {
    package static let routingKey = "aftersales.return_requested.v1"
    package var returnId: String
    package var orderId: String
    package var customerId: String
    /// `return` or `exchange`.
    package var kind: String
    package var lines: [ReturnLine]
    package var reason: String
    package var requestedBy: String

    package init(
        returnId: String, orderId: String, customerId: String, kind: String, lines: [ReturnLine], reason: String, requestedBy: String
    ) {
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
package struct ReturnConfirmed: EventContract, Equatable {
    package static let routingKey = "aftersales.return_confirmed.v1"
    package var returnId: String
    package var orderId: String
    package var confirmedBy: String

    package init(returnId: String, orderId: String, confirmedBy: String) {
        self.returnId = returnId
        self.orderId = orderId
        self.confirmedBy = confirmedBy
    }
}

/// The technician authenticated the goods as the company's own (broadcast; goods found not genuine end
/// the return with `aftersales.return_closed.v1`, outcome `rejected`).
package struct ReturnInspected: EventContract, Equatable {
    package static let routingKey = "aftersales.return_inspected.v1"
    package var returnId: String
    package var orderId: String
    package var inspectedBy: String
    package var notes: String?

    package init(returnId: String, orderId: String, inspectedBy: String, notes: String?) {
        self.returnId = returnId
        self.orderId = orderId
        self.inspectedBy = inspectedBy
        self.notes = notes
    }
}

/// sales_manager approved the return detail (红字需货申请单): warehouse-dispatch issues the reversing
/// outbound note (红字销售出库单) for exactly these lines.
package struct ReturnApproved: EventContract, Equatable {
    package static let routingKey = "aftersales.return_approved.v1"
    package var returnId: String
    package var orderId: String
    package var customerId: String
    package var kind: String
    package var lines: [ReturnLine]
    package var approvedBy: String

    package init(returnId: String, orderId: String, customerId: String, kind: String, lines: [ReturnLine], approvedBy: String) {
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
package struct CreditNoteRequested: EventContract, Equatable {
    package static let routingKey = "aftersales.credit_note_requested.v1"
    package var returnId: String
    package var orderId: String
    package var customerId: String
    package var lines: [ReturnLine]
    package var amount: Money

    package init(returnId: String, orderId: String, customerId: String, lines: [ReturnLine], amount: Money) {
        self.returnId = returnId
        self.orderId = orderId
        self.customerId = customerId
        self.lines = lines
        self.amount = amount
    }
}

/// The returned goods are back on hand: warehouse-dispatch ships the replacement through the normal
/// dispatch steps (pick, hand-over, gate pass, delivery) on a note of its own (an exchange).
package struct ReplacementRequested: EventContract, Equatable {
    package static let routingKey = "aftersales.replacement_requested.v1"
    package var returnId: String
    package var orderId: String
    package var customerId: String
    package var customerName: String
    package var lines: [ReturnLine]
    package var deliveryAddress: String

    package init(returnId: String, orderId: String, customerId: String, customerName: String, lines: [ReturnLine], deliveryAddress: String)
    {
        self.returnId = returnId
        self.orderId = orderId
        self.customerId = customerId
        self.customerName = customerName
        self.lines = lines
        self.deliveryAddress = deliveryAddress
    }
}

/// The return ended (broadcast): `refunded`, `exchanged` or `rejected`.
package struct ReturnClosed: EventContract, Equatable {
    package static let routingKey = "aftersales.return_closed.v1"
    package var returnId: String
    package var orderId: String
    package var customerId: String
    package var outcome: String
    package var reason: String?

    package init(returnId: String, orderId: String, customerId: String, outcome: String, reason: String?) {
        self.returnId = returnId
        self.orderId = orderId
        self.customerId = customerId
        self.outcome = outcome
        self.reason = reason
    }
}

/// A step of a return passed its deadline (broadcast, for the person who owns the step).
package struct ReturnStepOverdue: EventContract, Equatable {
    package static let routingKey = "aftersales.return_step_overdue.v1"
    package var returnId: String
    package var orderId: String
    package var step: String
    package var dueAt: Date

    package init(returnId: String, orderId: String, step: String, dueAt: Date) {
        self.returnId = returnId
        self.orderId = orderId
        self.step = step
        self.dueAt = dueAt
    }
}

/// warehouse-dispatch issued the reversing (red-ink) note for an approved return.
package struct ReturnNoteIssued: EventContract, Equatable {
    package static let routingKey = "warehouse.return_note_issued.v1"
    package var returnNoteId: String
    package var returnId: String
    package var orderId: String

    package init(returnNoteId: String, returnId: String, orderId: String) {
        self.returnNoteId = returnNoteId
        self.returnId = returnId
        self.orderId = orderId
    }
}

/// The warehouse counted the returned goods and they differ from the note (broadcast; the count
/// waits for a recount or a sales_manager's acceptance — nothing moves until then).
package struct ReturnDiscrepancyFound: EventContract, Equatable {
    package static let routingKey = "warehouse.return_discrepancy_found.v1"
    package var returnNoteId: String
    package var returnId: String
    package var orderId: String
    package var expected: [CountedLine]
    package var counted: [CountedLine]

    package init(returnNoteId: String, returnId: String, orderId: String, expected: [CountedLine], counted: [CountedLine]) {
        self.returnNoteId = returnNoteId
        self.returnId = returnId
        self.orderId = orderId
        self.expected = expected
        self.counted = counted
    }
}

/// The returned goods were received and are back on hand (the quantities actually taken in).
package struct ReturnReceived: EventContract, Equatable {
    package static let routingKey = "warehouse.return_received.v1"
    package var returnNoteId: String
    package var returnId: String
    package var orderId: String
    package var lines: [CountedLine]
    package var receivedBy: String
    package var receivedAt: Date

    package init(returnNoteId: String, returnId: String, orderId: String, lines: [CountedLine], receivedBy: String, receivedAt: Date) {
        self.returnNoteId = returnNoteId
        self.returnId = returnId
        self.orderId = orderId
        self.lines = lines
        self.receivedBy = receivedBy
        self.receivedAt = receivedAt
    }
}

/// The replacement goods of an exchange left through the gate.
package struct ReplacementDispatched: EventContract, Equatable {
    package static let routingKey = "warehouse.replacement_dispatched.v1"
    package var dispatchNoteId: String
    package var returnId: String
    package var orderId: String
    package var dispatchedAt: Date

    package init(dispatchNoteId: String, returnId: String, orderId: String, dispatchedAt: Date) {
        self.dispatchNoteId = dispatchNoteId
        self.returnId = returnId
        self.orderId = orderId
        self.dispatchedAt = dispatchedAt
    }
}

/// The customer signed for the replacement goods of an exchange.
package struct ReplacementDelivered: EventContract, Equatable {
    package static let routingKey = "warehouse.replacement_delivered.v1"
    package var dispatchNoteId: String
    package var returnId: String
    package var orderId: String
    package var deliveredAt: Date

    package init(dispatchNoteId: String, returnId: String, orderId: String, deliveredAt: Date) {
        self.dispatchNoteId = dispatchNoteId
        self.returnId = returnId
        self.orderId = orderId
        self.deliveredAt = deliveredAt
    }
}

/// finance-collections issued the credit note for a return: `offset` of it went to the customer's open
/// invoices (oldest first), `refunded` was paid back; offset + refunded = amount.
package struct CreditNoteIssued: EventContract, Equatable {
    package static let routingKey = "finance.credit_note_issued.v1"
    package var creditNoteId: String
    package var returnId: String
    package var orderId: String
    package var customerId: String
    package var amount: Money
    package var offset: Money
    package var refunded: Money

    package init(creditNoteId: String, returnId: String, orderId: String, customerId: String, amount: Money, offset: Money, refunded: Money)
    {
        self.creditNoteId = creditNoteId
        self.returnId = returnId
        self.orderId = orderId
        self.customerId = customerId
        self.amount = amount
        self.offset = offset
        self.refunded = refunded
    }
}
