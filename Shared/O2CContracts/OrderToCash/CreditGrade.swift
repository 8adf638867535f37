/// A customer's credit grade (DOMAIN.md "Credit"): every grade pays a deposit before dispatch; the
/// balance falls due on dispatch (A), on delivery (B) or 14 days after delivery (C).
public enum CreditGrade: String, Codable, Sendable, CaseIterable, Hashable {
    case a = "A"
    case b = "B"
    case c = "C"

    /// What the balance invoice's due date counts from.
    public enum BalanceDueBasis: String, Codable, Sendable {
        case dispatch, delivery
    }

    public var balanceDueBasis: BalanceDueBasis { self == .a ? .dispatch : .delivery }

    /// Calendar days after the basis date.
    public var balanceDueDays: Int { self == .c ? 14 : 0 }
}
