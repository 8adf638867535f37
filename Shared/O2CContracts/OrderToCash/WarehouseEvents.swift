import Foundation

// Events the warehouse-dispatch service publishes.

/// Stock reserved and a dispatch note made for the order.
public struct DispatchNoteIssued: EventContract, Equatable {
    public static let routingKey = "warehouse.dispatch_note_issued.v1"
    public var dispatchNoteId: String
    public var orderId: String

    public init(dispatchNoteId: String, orderId: String) {
        self.dispatchNoteId = dispatchNoteId
        self.orderId = orderId
    }
}

/// The goods left through the gate against a valid gate pass.
public struct ShipmentDispatched: EventContract, Equatable {
    public static let routingKey = "warehouse.shipment_dispatched.v1"
    public var dispatchNoteId: String
    public var orderId: String
    public var customerId: String
    public var dispatchedAt: Date
    public var carrier: String
    public var totalFreight: Money

    public init(dispatchNoteId: String, orderId: String, customerId: String, dispatchedAt: Date, carrier: String, totalFreight: Money) {
        self.dispatchNoteId = dispatchNoteId
        self.orderId = orderId
        self.customerId = customerId
        self.dispatchedAt = dispatchedAt
        self.carrier = carrier
        self.totalFreight = totalFreight
    }
}

/// The customer signed for the goods.
public struct DeliveryConfirmed: EventContract, Equatable {
    public static let routingKey = "warehouse.delivery_confirmed.v1"
    public var dispatchNoteId: String
    public var orderId: String
    public var deliveredAt: Date
    public var signedBy: String
    /// What the customer signed for (the picked quantities); absent in messages from before it was added.
    public var lines: [CountedLine]?

    public init(dispatchNoteId: String, orderId: String, deliveredAt: Date, signedBy: String, lines: [CountedLine]? = nil) {
        self.dispatchNoteId = dispatchNoteId
        self.orderId = orderId
        self.deliveredAt = deliveredAt
        self.signedBy = signedBy
        self.lines = lines
    }
}

/// The order's reservations were released and its dispatch note voided.
public struct ShipmentCancelled: EventContract, Equatable {
    public static let routingKey = "warehouse.shipment_cancelled.v1"
    public var orderId: String

    public init(orderId: String) {
        self.orderId = orderId
    }
}

/// The goods of the order have not left and its dispatch note is on hold for the change request
/// (`orders.dispatch_hold_requested.v1`); `dispatchNoteId` is nil when no note exists yet (the one the
/// shipment request makes is held too).
public struct DispatchHeld: EventContract, Equatable {
    public static let routingKey = "warehouse.dispatch_held.v1"
    public var orderId: String
    public var requestId: String
    public var dispatchNoteId: String?
    /// The note's status when it was held (`issued`, `picked`, `handed_over`, …), nil without a note.
    public var noteStatus: String?
    public var heldAt: Date

    public init(orderId: String, requestId: String, dispatchNoteId: String?, noteStatus: String?, heldAt: Date) {
        self.orderId = orderId
        self.requestId = requestId
        self.dispatchNoteId = dispatchNoteId
        self.noteStatus = noteStatus
        self.heldAt = heldAt
    }
}

/// The goods already left through the gate: the change request cannot apply (`already_dispatched`; after
/// dispatch only returns apply, DOMAIN.md "Order amendments"). Nothing was held.
public struct DispatchHoldRefused: EventContract, Equatable {
    public static let routingKey = "warehouse.dispatch_hold_refused.v1"
    public var orderId: String
    public var requestId: String
    public var dispatchNoteId: String
    public var code: String
    public var reason: String
    public var dispatchedAt: Date?

    public init(orderId: String, requestId: String, dispatchNoteId: String, code: String, reason: String, dispatchedAt: Date?) {
        self.orderId = orderId
        self.requestId = requestId
        self.dispatchNoteId = dispatchNoteId
        self.code = code
        self.reason = reason
        self.dispatchedAt = dispatchedAt
    }
}
