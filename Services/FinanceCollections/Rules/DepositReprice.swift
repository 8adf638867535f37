import O2CContracts

/// What an approved order amendment does to the order's deposit invoice (DOMAIN.md "Order amendments":
/// a line item or price change before dispatch). Re-priced to ratio × new total while it is open and
/// nothing was paid on it; otherwise left as it is (the balance invoice carries the difference: the order
/// saga computes balance = new total − deposit invoice amount).
package enum DepositReprice: Equatable, Sendable {
    case reprice(to: Money)
    case keep(reason: String)

    /// Refuses a negative new total (`total`).
    package static func decide(
        deposit: Invoice, paid: Money, depositRatioBasisPoints: Int?, newTotal: Money
    ) throws(RuleViolation) -> DepositReprice {
        guard deposit.status == .open else { return .keep(reason: "the deposit invoice is \(deposit.status.rawValue)") }
        guard paid == .zero, deposit.outstanding == deposit.amount else {
            // The outstanding amount is between 0 and the amount.
            let paidOn = try RuleViolation.checking("amount") { () throws(MoneyError) in try deposit.amount - deposit.outstanding }
            return .keep(reason: "\(paidOn) was already paid on the deposit invoice")
        }
        guard let ratio = depositRatioBasisPoints else { return .keep(reason: "the deposit ratio of the invoice is not known") }
        let split = try DepositSplit(total: newTotal, depositRatioBasisPoints: ratio)
        guard split.deposit != deposit.amount else { return .keep(reason: "the deposit is unchanged at \(deposit.amount)") }
        return .reprice(to: split.deposit)
    }
}
