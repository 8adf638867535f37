import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// The business calendar, owned by orders (CONTRACT.md "Changes to an order, payments, rules as data"):
/// per year its holidays and its worked weekends (调休), set by general_manager, every change kept, and
/// broadcast as `orders.calendar_changed.v1` to the services that count working days. A saga started
/// after the change counts with it (OrderSagaHost.start).
enum CalendarRoutes {
    struct Body: Decodable {
        var holidays: [CalendarDate]
        var workingWeekends: [CalendarDate]
    }

    static let readers: Set<Role> = Set(Role.allCases)
    static let historyReaders: Set<Role> = [.generalManager, .salesDirector, .salesManager, .auditor]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.put("/v1/calendar/{year}") { request, context in
            let actor = try context.actor(as: .generalManager)
            let year = try self.year(context)
            let body = try await request.decode(as: Body.self, context: context)
            let after = try validated(body, year: year)
            let now = environment.clock.now()
            let stored = try await environment.pool.transaction { connection in
                try await CalendarStore.openYear(year, on: connection)
                let before = try await CalendarYears.year(year, on: connection, lock: true)
                guard before != after else { return before }
                try await CalendarYears.store(after, changedBy: actor.subject, changedAt: now, on: connection)
                try await CalendarStore.recordChange(year, from: before, to: after, by: actor, at: now, on: connection)
                let changed = CalendarChanged(
                    year: year, holidays: after.holidays, workingWeekends: after.workingWeekends, changedBy: actor.subject, changedAt: now)
                try await environment.outbox.enqueue(
                    [try OutgoingMessage.event(changed, correlationID: "calendar-\(year)", causationID: nil)], on: connection)
                return after
            }
            return try JSONResponse(stored).response()
        }

        router.get("/v1/calendar/{year}") { _, context in
            _ = try context.require(anyOf: readers)
            let year = try self.year(context)
            return try JSONResponse(try await environment.pool.withConnection { try await CalendarYears.year(year, on: $0) }).response()
        }

        router.get("/v1/calendar/{year}/history") { _, context in
            _ = try context.require(anyOf: historyReaders)
            let year = try self.year(context)
            let changes = try await environment.pool.transaction { try await CalendarStore.history(of: year, on: $0) }
            return try JSONResponse(changes).response()
        }
    }

    /// The path's year, 2000 to 2199 (the dates a `CalendarDate` holds).
    static func year(_ context: O2CRequestContext) throws -> Int {
        let text = try context.parameters.require("year")
        guard text.count == 4, let year = Int(text), (2000...2199).contains(year) else {
            throw Problem.validation(
                "invalid year", errors: [.init(field: "year", message: "must be a year from 2000 to 2199 (yyyy), got \"\(text)\"")])
        }
        return year
    }

    /// Every date in the path's year; a worked weekend on a Saturday or Sunday; no date in both lists.
    static func validated(_ body: Body, year: Int) throws -> CalendarYears.Year {
        var errors: [Problem.FieldError] = []
        for (list, days) in [("holidays", body.holidays), ("workingWeekends", body.workingWeekends)] {
            for (index, day) in days.enumerated() where day.year != year {
                errors.append(.init(field: "\(list)[\(index)]", message: "\(day) is not in \(year)"))
            }
        }
        for (index, day) in body.workingWeekends.enumerated() {
            if day.weekday != .saturday && day.weekday != .sunday {
                errors.append(
                    .init(field: "workingWeekends[\(index)]", message: "\(day) is a \(day.weekday.rawValue), not a Saturday or Sunday"))
            }
            if body.holidays.contains(day) {
                errors.append(.init(field: "workingWeekends[\(index)]", message: "\(day) is listed as a holiday too"))
            }
        }
        guard errors.isEmpty else { throw Problem.validation("invalid calendar for \(year)", errors: errors) }
        return CalendarYears.Year(
            year: year, holidays: Set(body.holidays).sorted(), workingWeekends: Set(body.workingWeekends).sorted())
    }
}
