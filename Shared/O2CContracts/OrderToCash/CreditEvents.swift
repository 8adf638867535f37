import Foundation

// Events the credit service publishes.

/// Credit reserved for an order (or granted by a sales_director override).
package struct CreditReserved: EventContract, Equatable {
    package static let routingKey = "credit.credit_reserved.v1"
    package var orderId: String
    package var customerId: String
    package var amount: Money
    package var grade: CreditGrade
    package var depositRatioBasisPoints: Int
    package var override: Bool
    package var shipBeforePayment: Bool

    package init(
        orderId: String, customerId: String, amount: Money, grade: CreditGrade, depositRatioBasisPoints: Int, override: Bool,
        shipBeforePayment: Bool
    ) {
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
package struct CreditRefused: EventContract, Equatable {
    package static let routingKey = "credit.credit_refused.v1"
    package var orderId: String
    package var customerId: String
    package var code: String
    package var reason: String

    package init(orderId: String, customerId: String, code: String, reason: String) {
        self.orderId = orderId
        self.customerId = customerId
        self.code = code
        self.reason = reason
    }
}

/// The order's reservation now holds an amendment's higher total: it fitted the limit and the customer is
/// not on hold. The saga's host then applies the amendment.
package struct AmendmentCreditReserved: EventContract, Equatable {
    package static let routingKey = "credit.amendment_reserved.v1"
    package var orderId: String
    package var customerId: String
    package var amendmentId: String
    package var amount: Money

    package init(orderId: String, customerId: String, amendmentId: String, amount: Money) {
        self.orderId = orderId
        self.customerId = customerId
        self.amendmentId = amendmentId
        self.amount = amount
    }
}

/// An amendment's higher total was refused (`credit_limit_exceeded`, `customer_on_hold`, or
/// `order_released` when nothing is reserved for the order any more); the reservation is unchanged.
package struct AmendmentCreditRefused: EventContract, Equatable {
    package static let routingKey = "credit.amendment_refused.v1"
    package var orderId: String
    package var customerId: String
    package var amendmentId: String
    package var code: String
    package var reason: String

    package init(orderId: String, customerId: String, amendmentId: String, code: String, reason: String) {
        self.orderId = orderId
        self.customerId = customerId
        self.amendmentId = amendmentId
        self.code = code
        self.reason = reason
    }
}

/// The order's reservation was released.
package struct CreditReleased: EventContract, Equatable {
    package static let routingKey = "credit.credit_released.v1"
    package var orderId: String
    package var customerId: String

    package init(orderId: String, customerId: String) {
        self.orderId = orderId
        self.customerId = customerId
    }
}
