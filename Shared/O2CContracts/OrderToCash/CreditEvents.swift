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
