import O2CContracts

/// The credit decision on one order's reservation (DOMAIN.md "Credit").
package struct CreditDecision: Sendable, Hashable {
    package enum Outcome: Sendable, Hashable {
        case reserved
        /// `customer_on_hold` or `credit_limit_exceeded`; nothing was reserved.
        case refused(RuleViolation)
        /// The refusal a sales_director's override let through; reserved all the same.
        case reservedByOverride(overriding: RuleViolation, CreditOverride)
    }

    package var orderId: String
    package var amount: Money
    package var outcome: Outcome
    package var exposureAfter: Money
    /// Limit less exposure after the decision; negative after an override over the limit.
    package var availableAfter: Money

    package var isReserved: Bool {
        if case .refused = outcome { return false }
        return true
    }

    /// The refusal's code (`credit_limit_exceeded`, `customer_on_hold`), also when overridden.
    package var refusalCode: RuleViolation.Code? {
        switch outcome {
        case .reserved: nil
        case .refused(let refusal), .reservedByOverride(let refusal, _): refusal.code
        }
    }
}

extension CreditAccount {
    /// Decides, and when granted records, a reservation of `amount` for `orderId`.
    ///
    /// A hold refuses first (`customer_on_hold`, whatever the limit), then exposure + amount above
    /// the limit (`credit_limit_exceeded`; exactly at the limit is allowed). A valid `override`
    /// turns either refusal into a reservation that records it. Reserving an order already
    /// reserved changes nothing and answers `reserved`.
    /// - Throws: `validation_failed` on `orderId` or `amount` (not positive); nothing changes.
    @discardableResult
    package mutating func reserve(
        orderId: String, amount: Money, profile: CreditProfile, override: CreditOverride? = nil
    ) throws(RuleViolation) -> CreditDecision {
        var errors: [RuleViolation.FieldError] = []
        if orderId.allSatisfy(\.isWhitespace) { errors.append(.init(field: "orderId", message: "must not be empty")) }
        if amount <= .zero { errors.append(.init(field: "amount", message: "must be greater than 0.00, got \(amount)")) }
        guard errors.isEmpty else { throw .validation(errors) }

        if let existing = reservation(for: orderId) {
            return CreditDecision(
                orderId: orderId, amount: existing.amount, outcome: .reserved,
                exposureAfter: try RuleViolation.checking("amount") { () throws(MoneyError) in try exposure },
                availableAfter: try RuleViolation.checking("amount") { () throws(MoneyError) in try available(under: profile) })
        }
        let refusal = refusal(for: amount, profile: profile)
        let outcome: CreditDecision.Outcome
        switch (refusal, override) {
        case (nil, _): outcome = .reserved
        case (let refusal?, nil): outcome = .refused(refusal)
        case (let refusal?, let override?): outcome = .reservedByOverride(overriding: refusal, override)
        }
        // Only an override can take the exposure past the limit, and not past the bounds: checked first.
        var after = self
        if case .refused = outcome {
        } else {
            let used = refusal == nil ? nil : override
            after.reservations.append(Reservation(orderId: orderId, amount: amount, override: used))
        }
        let exposureAfter = try RuleViolation.checking("amount") { () throws(MoneyError) in try after.exposure }
        let availableAfter = try RuleViolation.checking("amount") { () throws(MoneyError) in try after.available(under: profile) }
        self = after
        return CreditDecision(
            orderId: orderId, amount: amount, outcome: outcome, exposureAfter: exposureAfter, availableAfter: availableAfter)
    }

    private func refusal(for amount: Money, profile: CreditProfile) -> RuleViolation? {
        if isOnHold {
            return RuleViolation(code: .customerOnHold, detail: "customer on hold: \(holdReasons.joined(separator: "; "))")
        }
        // An exposure beyond the bounds is beyond every limit.
        guard let exposure = try? exposure, let total = try? exposure + amount, total <= profile.creditLimit else {
            let available = (try? available(under: profile)).map(\.description) ?? "none"
            let exposed = (try? exposure).map(\.description) ?? "beyond \(Money.maximum)"
            return RuleViolation(
                code: .creditLimitExceeded,
                detail: "exposure \(exposed) + order \(amount) exceeds the credit limit \(profile.creditLimit) (available \(available))")
        }
        return nil
    }
}
