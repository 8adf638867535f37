/// The aging buckets of receivables (DOMAIN.md "Invoices, receipts and the customer's account"):
/// current, 1–30, 31–60, 61–90, over 90 days past the due date. On the wire: "current", "1-30",
/// "31-60", "61-90", "over_90".
package enum AgingBucket: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable, Hashable {
    case current
    case days1To30 = "1-30"
    case days31To60 = "31-60"
    case days61To90 = "61-90"
    case over90 = "over_90"

    /// 0 or fewer days past due (not due yet, or due today) is current.
    package init(daysPastDue: Int) {
        switch daysPastDue {
        case ...0: self = .current
        case 1...30: self = .days1To30
        case 31...60: self = .days31To60
        case 61...90: self = .days61To90
        default: self = .over90
        }
    }
}
