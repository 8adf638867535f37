/// The dunning level of an overdue invoice (DOMAIN.md "Invoices, receipts and the customer's account":
/// overdue invoices go through dunning levels; the salesperson chases, finance confirms), from its days
/// overdue (calendar days past the due date): 1 for 1–30, 2 for 31–60, 3 for 61 and more.
package enum DunningLevel: Int, CaseIterable, Codable, Comparable, Sendable {
    /// A reminder: 1–30 days overdue.
    case reminder = 1
    /// A firm demand: 31–60 days overdue.
    case demand = 2
    /// Final notice, escalated: 61 days or more.
    case final = 3

    /// Nil when the invoice is not overdue (0 or fewer days past due).
    package init?(daysOverdue: Int) {
        switch daysOverdue {
        case ...0: return nil
        case 1...30: self = .reminder
        case 31...60: self = .demand
        default: self = .final
        }
    }

    package static func < (lhs: DunningLevel, rhs: DunningLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
