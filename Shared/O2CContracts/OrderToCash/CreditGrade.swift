/// A customer's credit grade (DOMAIN.md "Credit"): every grade pays a deposit before dispatch; the
/// balance falls due on dispatch (A), on delivery (B) or 14 days after delivery (C).
package enum CreditGrade: String, Codable, Sendable, CaseIterable, Hashable {
    case a = "A"
    case b = "B"
    case c = "C"

    /// What the balance invoice's due date counts from.
    package enum BalanceDueBasis: String, Codable, Sendable {
        case dispatch, delivery
    }

    package var balanceDueBasis: BalanceDueBasis { self == .a ? .dispatch : .delivery }

    /// Calendar days after the basis date.
    package var balanceDueDays: Int { self == .c ? 14 : 0 }
}
