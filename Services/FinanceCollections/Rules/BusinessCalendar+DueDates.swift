import O2CContracts

extension BusinessCalendar {
    /// The day a payment falling due on `day` is due: `day` itself, or, when `day` is a holiday of the
    /// calendar (orders' `PUT /v1/calendar/{yyyy}`), the first working day after it. A plain Saturday or
    /// Sunday keeps its due date: DOMAIN.md "Credit" counts balance terms and the deposit window in
    /// calendar days; only a declared day off moves them.
    package func dueDay(_ day: CalendarDate) -> CalendarDate {
        holidays.contains(day) ? nextWorkingDay(after: day) : day
    }
}
