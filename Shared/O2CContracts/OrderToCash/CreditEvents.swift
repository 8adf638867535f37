import Foundation

// Events the credit service publishes.

/// Credit reserved for an order (or granted by a sales_director override).
public struct CreditReserved: EventContract, Equatable {
    public static let routingKey = "credit.credit_reserved.v1"
    public var orderId: String
    public var customerId: String
    public var amount: Money
    public var grade: CreditGrade
    public var depositRatioBasisPoints: Int
    public var override: Bool
    public var shipBeforePayment: Bool

    public init(orderId: String, customerId: String, amount: Money, grade: CreditGrade, depositRatioBasisPoints: Int, override: Bool, shipBeforePayment: Bool) {
        self.orderId = orderId
        self.customerId = customerId
        self.amount = amount
        self.grade = grade
        self.depositRatioBasisPoints = depositRatioBasisPoints
        self.override = override
        self.shipBeforePayment = shipBeforePayment
    }
}

/// Reservation refused: `credit_limit_exceeded` or `customer_on_hold`.
public struct CreditRefused: EventContract, Equatable {
    public static let routingKey = "credit.credit_refused.v1"
    public var orderId: String
    public var customerId: String
    public var code: String
    public var reason: String

    public init(orderId: String, customerId: String, code: String, reason: String) {
        self.orderId = orderId
        self.customerId = customerId
        self.code = code
        self.reason = reason
    }
}

/// The order's reservation now holds an amendment's higher total: it fitted the limit and the customer is
/// not on hold. The saga's host then applies the amendment.
public struct AmendmentCreditReserved: EventContract, Equatable {
    public static let routingKey = "credit.amendment_reserved.v1"
    public var orderId: String
    public var customerId: String
    public var amendmentId: String
    public var amount: Money

    public init(orderId: String, customerId: String, amendmentId: String, amount: Money) {
        self.orderId = orderId
        self.customerId = customerId
        self.amendmentId = amendmentId
        self.amount = amount
    }
}

/// An amendment's higher total was refused (`credit_limit_exceeded`, `customer_on_hold`, or
/// `order_released` when nothing is reserved for the order any more); the reservation is unchanged.
public struct AmendmentCreditRefused: EventContract, Equatable {
    public static let routingKey = "credit.amendment_refused.v1"
    public var orderId: String
    public var customerId: String
    public var amendmentId: String
    public var code: String
    public var reason: String

    public init(orderId: String, customerId: String, amendmentId: String, code: String, reason: String) {
        self.orderId = orderId
        self.customerId = customerId
        self.amendmentId = amendmentId
        self.code = code
        self.reason = reason
    }
}

/// The order's reservation was released.
public struct CreditReleased: EventContract, Equatable {
    public static let routingKey = "credit.credit_released.v1"
    public var orderId: String
    public var customerId: String

    public init(orderId: String, customerId: String) {
        self.orderId = orderId
        self.customerId = customerId
    }
}
