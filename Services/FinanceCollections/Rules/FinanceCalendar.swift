import O2CContracts

/// The business calendar's time zone and weekend, for reading which day an instant falls on. Due dates
/// also need the holidays orders declared (`CalendarYears.calendar(on:)`, orders' broadcast).
enum FinanceCalendar {
    static let business = BusinessCalendar()
}
