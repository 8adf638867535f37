import Foundation
import O2CContracts

/// When an order's balance falls due (DOMAIN.md "Credit" table), from the shared `CreditGrade`:
/// A → on dispatch (货物始发,货款马上到账结清), B → on delivery (货物发至,货款马上到账结清),
/// C → 14 calendar days after delivery (货物发至,货款两周后到账结清).
///
/// The due date is the calendar day, in the business calendar's time zone, of the instant the goods
/// left or were signed for, plus the grade's calendar days (a holiday moves it to the next working day,
/// `BusinessCalendar.dueDay`); an invoice is overdue from the day after.
package enum BalanceDue: Equatable, Sendable {
    /// The balance is due on this day.
    case due(CalendarDate)
    /// The event the due date counts from (dispatch for A, delivery for B and C) has not happened yet.
    case notYetDeterminable(awaiting: CreditGrade.BalanceDueBasis)

    package static func of(grade: CreditGrade, dispatchedAt: Date?, deliveredAt: Date?, calendar: BusinessCalendar) -> BalanceDue {
        let basis: Date? =
            switch grade.balanceDueBasis {
            case .dispatch: dispatchedAt
            case .delivery: deliveredAt
            }
        guard let basis else { return .notYetDeterminable(awaiting: grade.balanceDueBasis) }
        return .due(calendar.dueDay(calendar.day(of: basis).adding(days: grade.balanceDueDays)))
    }

    /// The due date, when it is known.
    package var dueDate: CalendarDate? {
        switch self {
        case .due(let date): date
        case .notYetDeterminable: nil
        }
    }
}
