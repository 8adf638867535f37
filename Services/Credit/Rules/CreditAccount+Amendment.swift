import O2CContracts

extension CreditAccount {
    /// Decides, and when granted records, an approved amendment's new total for an order already reserved
    /// (CONTRACT.md "Changes to an order": an amendment that raises the total is checked against the
    /// limit and holds like a new order). A total at or below the reservation is always taken. A higher
    /// one is refused while the customer is on hold (`customer_on_hold`) or when exposure without this
    /// order plus the new total is above the limit (`credit_limit_exceeded`; exactly at the limit is
    /// allowed). An override given for the order's first reservation does not carry over to an increase.
    /// Returns the refusal, or nil when the reservation now holds `amount`.
    /// - Throws: `validation_failed` on `amount` (not positive) or an order with no reservation; nothing changes.
    package mutating func amend(orderId: String, to amount: Money, profile: CreditProfile) throws(RuleViolation) -> RuleViolation? {
        guard amount > .zero else { throw .validation("amount", "must be greater than 0.00, got \(amount)") }
        guard let index = reservations.firstIndex(where: { $0.orderId == orderId }) else {
            throw .validation("orderId", "nothing is reserved for order \(orderId)")
        }
        let current = reservations[index].amount
        if amount > current {
            if isOnHold {
                return RuleViolation(code: .customerOnHold, detail: "customer on hold: \(holdReasons.joined(separator: "; "))")
            }
            var others = self
            others.reservations.remove(at: index)
            // An exposure beyond the bounds is beyond every limit.
            guard let exposure = try? others.exposure, let total = try? exposure + amount, total <= profile.creditLimit else {
                let exposed = (try? others.exposure).map(\.description) ?? "beyond \(Money.maximum)"
                return RuleViolation(
                    code: .creditLimitExceeded,
                    detail:
                        "exposure \(exposed) without this order + amended order \(amount) (was \(current)) exceeds the credit limit \(profile.creditLimit)"
                )
            }
        }
        reservations[index].amount = amount
        return nil
    }
}
