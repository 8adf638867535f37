import Foundation
import O2CContracts
import O2CPostgres
import O2CRuntime

/// The business calendar's history (`calendar_history`) and the row of a year not set yet; the years themselves are
/// `CalendarYears`'.
enum CalendarStore {
    /// A year never set gets its empty row first, so that two first changes queue on its lock.
    static func openYear(_ year: Int, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into calendar_years (year, holidays, working_weekends, changed_by, changed_at)
            values (\(year), '[]', '[]', 'system', '-infinity') on conflict (year) do nothing
            """)
    }

    /// Keeps one change of a year, with who made it, in which role, and when.
    static func recordChange(
        _ year: Int, from before: CalendarYears.Year, to after: CalendarYears.Year, by actor: Author, at now: Date,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into calendar_history (year, changed_by, changed_role, changed_at, before, after)
            values (\(year), \(actor.subject), \(actor.role), \(now), \(try StoredJSON.encode(before)), \(try StoredJSON.encode(after)))
            """)
    }

    /// Every change of the year, oldest first.
    static func history(of year: Int, on connection: PostgresConnection) async throws -> [CalendarChange] {
        let rows = try await connection.query(
            "select changed_by, changed_role, changed_at, before, after from calendar_history where year = \(year) order by id"
        ).rows
        return try rows.map { row in
            CalendarChange(
                year: year, changedBy: try row.string("changed_by"), changedRole: try row.string("changed_role"),
                changedAt: try row.date("changed_at"), before: try StoredJSON.decode(CalendarYears.Year.self, row, "before"),
                after: try StoredJSON.decode(CalendarYears.Year.self, row, "after"))
        }
    }
}
