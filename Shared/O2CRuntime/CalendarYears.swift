import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

/// The business calendar as a service keeps it in its own schema (`calendar_years`: per year, its
/// holidays and worked weekends): orders as its owner, every other service that counts working days as
/// the projection of `orders.calendar_changed.v1` (CONTRACT.md "Changes to an order, payments, rules as
/// data"). The `BusinessCalendar` in force is the union of every year kept.
package enum CalendarYears {
    /// The table, for the service's own migration.
    package static let migrationSQL = """
        create table calendar_years (
            year integer primary key,
            holidays text not null,
            working_weekends text not null,
            changed_by text not null,
            changed_at timestamptz not null
        );
        """

    /// One year's lists.
    package struct Year: Codable, Sendable, Equatable {
        package var year: Int
        package var holidays: [CalendarDate]
        package var workingWeekends: [CalendarDate]
        package init(year: Int, holidays: [CalendarDate], workingWeekends: [CalendarDate]) {
            self.year = year
            self.holidays = holidays
            self.workingWeekends = workingWeekends
        }
    }

    /// The calendar in force: Saturday and Sunday off, in Asia/Shanghai, with every year's lists.
    package static func calendar(on connection: PostgresConnection) async throws -> BusinessCalendar {
        let years = try await connection.query("select year, holidays, working_weekends from calendar_years").rows.map(decodeYear)
        return BusinessCalendar(
            holidays: Set(years.flatMap(\.holidays)), makeUpWorkingDays: Set(years.flatMap(\.workingWeekends)))
    }

    /// The year's lists, or empty ones when none were set.
    package static func year(_ year: Int, on connection: PostgresConnection, lock: Bool = false) async throws -> Year {
        let rows = try await connection.query(
            "select year, holidays, working_weekends from calendar_years where year = \(year)\(lock ? " for update" as SQL : "")"
        ).rows
        return try rows.first.map(decodeYear) ?? Year(year: year, holidays: [], workingWeekends: [])
    }

    /// Stores the year's lists unless the copy held is newer (a late, reordered broadcast changes nothing).
    package static func store(_ year: Year, changedBy: String, changedAt: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into calendar_years (year, holidays, working_weekends, changed_by, changed_at) values (\(year.year), \(try text(year.holidays)), \(try text(year.workingWeekends)), \(changedBy), \(changedAt))
            on conflict (year) do update set holidays = excluded.holidays, working_weekends = excluded.working_weekends,
                changed_by = excluded.changed_by, changed_at = excluded.changed_at
            where calendar_years.changed_at <= excluded.changed_at
            """)
    }

    /// The consumer's handler: `orders.calendar_changed.v1` into the service's own `calendar_years`.
    package static var handler: MessageHandler {
        .on(CalendarChanged.self) { event, context in
            try await store(
                Year(year: event.year, holidays: event.holidays, workingWeekends: event.workingWeekends),
                changedBy: event.changedBy, changedAt: event.changedAt, on: context.connection)
            context.logger.info("business calendar applied", metadata: ["calendar.year": "\(event.year)"])
        }
    }

    static func text(_ days: [CalendarDate]) throws -> String {
        String(decoding: try JSONCoding.encoder.encode(days.sorted()), as: UTF8.self)
    }

    static func decodeYear(_ row: PostgresRow) throws -> Year {
        Year(
            year: try row.int("year"),
            holidays: try JSONCoding.decoder.decode([CalendarDate].self, from: Data(try row.string("holidays").utf8)),
            workingWeekends: try JSONCoding.decoder.decode([CalendarDate].self, from: Data(try row.string("working_weekends").utf8)))
    }
}
