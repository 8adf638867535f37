import Foundation
import O2CContracts

/// Cash on delivery handed to finance (DOMAIN.md "Invoices, receipts and the customer's account":
/// cash-on-delivery collected by a carrier is handed to finance the same day and checked against the
/// dispatch amount). The receipt names the order and the carrier; it is checked against what the order
/// still owes on its open invoices. A different amount, or a hand-over on a later day than the
/// collection (calendar days in the business calendar's time zone), is flagged for reconciliation,
/// never refused.
package struct CodHandover: Equatable, Sendable, Codable {
    package var orderId: String
    package var carrier: String
    package var collectedAt: Date
    package var handedOverAt: Date
    /// What the order owed on its open invoices when the money was handed over.
    package var expected: Money
    package var amountMismatch: ReconciliationFlag?
    package var handedOverLate: Bool

    package var needsReconciliation: Bool { amountMismatch != nil || handedOverLate }

    /// Refuses a collection after the hand-over (`collectedAt`).
    package init(
        amount: Money, orderId: String, carrier: String, collectedAt: Date, handedOverAt: Date, owedOnOrder: Money,
        calendar: BusinessCalendar
    ) throws(RuleViolation) {
        guard collectedAt <= handedOverAt else {
            throw .validation("collectedAt", "the money cannot be collected after it was handed over (\(handedOverAt))")
        }
        self.orderId = orderId
        self.carrier = carrier
        self.collectedAt = collectedAt
        self.handedOverAt = handedOverAt
        self.expected = owedOnOrder
        self.amountMismatch = try ReconciliationFlag.check(expected: owedOnOrder, received: amount)
        self.handedOverLate = calendar.day(of: collectedAt) != calendar.day(of: handedOverAt)
    }
}
