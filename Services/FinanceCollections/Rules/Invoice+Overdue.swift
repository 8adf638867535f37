import Foundation
import O2CContracts

/// Overdue detection (DOMAIN.md "Credit": an overdue invoice puts the customer on hold until it is paid;
/// "Invoices, receipts and the customer's account": overdue invoices go through dunning).
///
/// Days are calendar days in the business calendar's time zone: an invoice due on 2025-01-31 is due
/// all that day, 1 day overdue on 2025-02-01, whatever the hour.
extension Invoice {
    /// Whether it is a receivable at all: an open invoice (not a credit note) with something outstanding.
    package var isReceivable: Bool { isPayable }

    /// Calendar days from the due date to the day `asOf` falls on: 0 on the due date, negative before it.
    package func daysPastDue(asOf: Date, calendar: BusinessCalendar) -> Int {
        dueDate.days(to: calendar.day(of: asOf))
    }

    /// Open, outstanding, and its due date has passed.
    package func isOverdue(asOf: Date, calendar: BusinessCalendar) -> Bool {
        isReceivable && daysPastDue(asOf: asOf, calendar: calendar) > 0
    }

    /// The overdue ones among `invoices`, the longest overdue first (then by issue date and id).
    package static func overdue(_ invoices: [Invoice], asOf: Date, calendar: BusinessCalendar) -> [Invoice] {
        invoices.filter { $0.isOverdue(asOf: asOf, calendar: calendar) }.sorted(by: oldestFirst)
    }

    /// The customers with at least one overdue invoice: those to put on hold.
    package static func customersOverdue(_ invoices: [Invoice], asOf: Date, calendar: BusinessCalendar) -> Set<String> {
        Set(overdue(invoices, asOf: asOf, calendar: calendar).map(\.customerId))
    }
}
