import Foundation

// Events the warehouse-dispatch service publishes.

/// Stock reserved and a dispatch note made for the order.
package struct DispatchNoteIssued: EventContract, Equatable {
    package static let routingKey = "warehouse.dispatch_note_issued.v1"
    package var dispatchNoteId: String
    package var orderId: String

    package init(dispatchNoteId: String, orderId: String) {
        self.dispatchNoteId = dispatchNoteId
        self.orderId = orderId
    }
}

/// The goods left through the gate against a valid gate pass.
package struct ShipmentDispatched: EventContract, Equatable {
    package static let routingKey = "warehouse.shipment_dispatched.v1"
    package var dispatchNoteId: String
    package var orderId: String
    package var customerId: String
    package var dispatchedAt: Date
    package var carrier: String
    package var totalFreight: Money

    package init(dispatchNoteId: String, orderId: String, customerId: String, dispatchedAt: Date, carrier: String, totalFreight: Money) {
        self.dispatchNoteId = dispatchNoteId
        self.orderId = orderId
        self.customerId = customerId
        self.dispatchedAt = dispatchedAt
        self.carrier = carrier
        self.totalFreight = totalFreight
    }
}

/// The customer signed for the goods.
package struct DeliveryConfirmed: EventContract, Equatable {
    package static let routingKey = "warehouse.delivery_confirmed.v1"
    package var dispatchNoteId: String
    package var orderId: String
    package var deliveredAt: Date
    package var signedBy: String
    /// What the customer signed for (the picked quantities); absent in messages from before it was added.
    package var lines: [CountedLine]?

    package init(dispatchNoteId: String, orderId: String, deliveredAt: Date, signedBy: String, lines: [CountedLine]? = nil) {
        self.dispatchNoteId = dispatchNoteId
        self.orderId = orderId
        self.deliveredAt = deliveredAt
        self.signedBy = signedBy
        self.lines = lines
    }
}

/// The order's reservations were released and its dispatch note voided.
package struct ShipmentCancelled: EventContract, Equatable {
    package static let routingKey = "warehouse.shipment_cancelled.v1"
    package var orderId: String

    package init(orderId: String) {
        self.orderId = orderId
    }
}

/// The goods of the order have not left and its dispatch note is on hold for the change request
/// (`orders.dispatch_hold_requested.v1`); `dispatchNoteId` is nil when no note exists yet (the one the
/// shipment request makes is held too).
package struct DispatchHeld: EventContract, Equatable {
    package static let routingKey = "warehouse.dispatch_held.v1"
    package var orderId: String
    package var requestId: String
    package var dispatchNoteId: String?
    /// The note's status when it was held (`issued`, `picked`, `handed_over`, …), nil without a note.
    package var noteStatus: String?
    package var heldAt: Date

    package init(orderId: String, requestId: String, dispatchNoteId: String?, noteStatus: String?, heldAt: Date) {
        self.orderId = orderId
        self.requestId = requestId
        self.dispatchNoteId = dispatchNoteId
        self.noteStatus = noteStatus
        self.heldAt = heldAt
    }
}

/// The goods already left through the gate: the change request cannot apply (`already_dispatched`; after
/// dispatch only returns apply, DOMAIN.md "Order amendments"). Nothing was held.
package struct DispatchHoldRefused: EventContract, Equatable {
    package static let routingKey = "warehouse.dispatch_hold_refused.v1"
    package var orderId: String
    package var requestId: String
    package var dispatchNoteId: String
    package var code: String
    package var reason: String
    package var dispatchedAt: Date?

    package init(orderId: String, requestId: String, dispatchNoteId: String, code: String, reason: String, dispatchedAt: Date?) {
        self.orderId = orderId
        self.requestId = requestId
        self.dispatchNoteId = dispatchNoteId
        self.code = code
        self.reason = reason
        self.dispatchedAt = dispatchedAt
    }
}
