import O2CContracts

/// The amount a customer must pay now, shown on the payment notice with how it is made up
/// (DOMAIN.md "Invoices, receipts and the customer's account"):
/// 原欠款 + 代垫运费 + 手续费/优惠 + 市场支持费用 + 本次货款 = 本次应打货款, i.e.
/// previous balance owed (or credit) + freight advanced + fees − discounts + market support charges
/// + this order's goods.
package struct AmountDue: Equatable, Sendable {
    /// 原欠款: owed from before when positive; a credit balance (overpayment, unused credit note) when negative.
    package var previousBalance: Money
    /// 代垫运费: freight the company advanced for the customer.
    package var freightAdvanced: Money
    /// 手续费: fees charged (e.g. bank charges).
    package var fees: Money
    /// 优惠: discounts granted.
    package var discounts: Money
    /// 市场支持费用: market support charges.
    package var marketSupportCharges: Money
    /// 本次货款: this order's goods.
    package var goods: Money

    /// Every part but the previous balance must be zero or more (`validation_failed` naming the field),
    /// and the total within the bounds (`total`).
    package init(
        previousBalance: Money, freightAdvanced: Money = .zero, fees: Money = .zero, discounts: Money = .zero,
        marketSupportCharges: Money = .zero, goods: Money
    ) throws(RuleViolation) {
        let parts = [
            ("freightAdvanced", freightAdvanced), ("fees", fees), ("discounts", discounts),
            ("marketSupportCharges", marketSupportCharges), ("goods", goods),
        ]
        if let negative = parts.first(where: { $0.1 < .zero }) {
            throw .validation(negative.0, "must not be negative, got \(negative.1); a credit goes in previousBalance")
        }
        self.previousBalance = previousBalance
        self.freightAdvanced = freightAdvanced
        self.fees = fees
        self.discounts = discounts
        self.marketSupportCharges = marketSupportCharges
        self.goods = goods
        self.total = try RuleViolation.checking("total") { () throws(MoneyError) in
            try previousBalance + freightAdvanced + fees - discounts + marketSupportCharges + goods
        }
    }

    /// 本次应打货款: the formula's result; negative when the customer's credit covers everything. A
    /// result beyond the bounds is refused when the amount is made up (`total`).
    package let total: Money

    /// What to ask the customer to transfer: the total, or 0.00 when their credit covers it.
    package var payableNow: Money { max(total, .zero) }

    /// The credit the customer still has after this order when it covers everything, else 0.00. The
    /// total is within the bounds, and so is its negation.
    package var remainingCredit: Money { max(Money(minorUnits: -total.minorUnits), .zero) }
}
