import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres

/// The parameters every list takes (CONTRACT.md "The department's daily work"): `limit` (1–200, default 50),
/// `cursor` (the opaque position a `Link: rel="next"` gave), `status`, `from` and `to` (days, both included,
/// in the company's time zone) and `q` (text), plus the filters a list names for itself (`customerId`,
/// `orderId`, `sku`, …). A parameter the list does not know, a limit out of range, a status the collection
/// does not have or a cursor that is not one of ours is a 422 naming it: nothing is guessed.
///
/// Lists are newest first and paged by keyset on `(created_at, id)`: a page never skips or repeats an item
/// when others are added meanwhile, and costs the same on page 1 and page 1,000 (an index on
/// `(created_at, id)` or on the filter column followed by them serves it).
package struct ListQuery: Sendable, Hashable {
    package static let defaultLimit = 50
    package static let maxLimit = 200
    /// Longest `q`, `status` or named filter value.
    package static let maxValueLength = 100

    package var limit: Int
    package var after: ListCursor?
    package var status: String?
    package var from: CalendarDate?
    package var to: CalendarDate?
    package var text: String?
    /// The list's own filters (those it named), as given.
    package var filters: [String: String]

    package init(
        limit: Int = defaultLimit, after: ListCursor? = nil, status: String? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil,
        text: String? = nil, filters: [String: String] = [:]
    ) {
        self.limit = limit
        self.after = after
        self.status = status
        self.from = from
        self.to = to
        self.text = text
        self.filters = filters
    }

    /// Reads the query of `request`; `statuses` are the collection's statuses (empty: no `status` filter),
    /// `filters` the other parameters it takes, `choices` those of them that take one of a few values (a kind,
    /// a method, `true`), each with its values.
    package init(
        _ request: Request, statuses: some Collection<String> = [String](), filters: Set<String> = [],
        choices: [String: [String]] = [:]
    ) throws {
        try self.init(
            parameters: RequestValidator.queryParameters(request.uri.query), statuses: Set(statuses), filters: filters,
            choices: choices)
    }

    package init(
        parameters: [(String, String)], statuses: Set<String>, filters: Set<String>, choices: [String: [String]] = [:]
    ) throws {
        let filters = filters.union(choices.keys)
        self.init()
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard seen.insert(name).inserted else { throw Self.invalid(name, "is given twice") }
            guard value.utf8.count <= Self.maxValueLength || name == "cursor" else {
                throw Self.invalid(name, "is longer than \(Self.maxValueLength) characters")
            }
            guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw Self.invalid(name, "must not contain control characters")
            }
            switch name {
            case "limit":
                guard let limit = Int(value), (1...Self.maxLimit).contains(limit) else {
                    throw Self.invalid(name, "must be a whole number from 1 to \(Self.maxLimit)")
                }
                self.limit = limit
            case "cursor":
                guard let cursor = ListCursor(token: value) else {
                    throw Self.invalid(name, "is not a cursor this list gave; start again without it")
                }
                after = cursor
            case "status" where !statuses.isEmpty:
                guard statuses.contains(value) else {
                    throw Self.invalid(name, "must be one of \(statuses.sorted().joined(separator: ", "))")
                }
                status = value
            case "from", "to":
                guard let day = CalendarDate(value) else {
                    throw Self.invalid(name, "must be a date (2026-12-31) between 2000-01-01 and 2199-12-31")
                }
                if name == "from" { from = day } else { to = day }
            case "q":
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                text = trimmed.isEmpty ? nil : trimmed
            default:
                guard filters.contains(name) else {
                    let known = (["limit", "cursor", "from", "to", "q"] + (statuses.isEmpty ? [] : ["status"]) + filters)
                    throw Self.invalid(name, "is not a parameter of this list (it takes \(known.sorted().joined(separator: ", ")))")
                }
                guard !value.isEmpty else { throw Self.invalid(name, "must not be empty") }
                if let values = choices[name], !values.contains(value) {
                    throw Self.invalid(name, "must be one of \(values.joined(separator: ", "))")
                }
                self.filters[name] = value
            }
        }
        if let from, let to, to < from { throw Self.invalid("to", "must not be before from (\(from))") }
    }

    private static func invalid(_ field: String, _ message: String) -> Problem {
        Problem.validation("invalid list parameter \(field)", errors: [.init(field: field, message: message)])
    }

    /// The first instant of `from` and the first instant after `to`, in the calendar's time zone.
    package func window(in calendar: BusinessCalendar = BusinessCalendar()) -> (from: Date?, before: Date?) {
        (from.map { calendar.startOfDay($0) }, to.map { calendar.startOfDay($0.adding(days: 1)) })
    }

    /// `customerId` when the list takes it and the caller gave it.
    package var customerId: String? { filters["customerId"] }

    /// The conditions every list shares, on the table's time column (`created_at`, or `issued_at` where a
    /// table names it so) and key column (`id`): the keyset after the cursor, `from`/`to` on the time, and
    /// `status` and `customer_id` when given.
    package func conditions(
        table: String? = nil, time: String = "created_at", id: String = "id", calendar: BusinessCalendar = BusinessCalendar()
    ) -> [SQL] {
        var conditions = [keyset(table: table, time: time, id: id)]
        let window = window(in: calendar)
        if let from = window.from { conditions.append("\(Self.column(time, of: table)) >= \(from)") }
        if let before = window.before { conditions.append("\(Self.column(time, of: table)) < \(before)") }
        if let status { conditions.append("\(Self.column("status", of: table)) = \(status)") }
        if let customerId { conditions.append("\(Self.column("customer_id", of: table)) = \(customerId)") }
        return conditions
    }

    /// `(created_at, id) < (the cursor's)` for the page after the cursor, `true` on the first page.
    package func keyset(table: String? = nil, time: String = "created_at", id: String = "id") -> SQL {
        guard let after else { return "true" }
        return """
            (\(Self.column(time, of: table)), \(Self.column(id, of: table))) \
            < ('epoch'::timestamptz + \(after.microseconds)::bigint * interval '1 microsecond', \(after.id))
            """
    }

    /// `order by created_at desc, id desc limit <limit + 1>`: one row more than the page, to know whether
    /// there is a next one.
    package func orderAndLimit(table: String? = nil, time: String = "created_at", id: String = "id") -> SQL {
        let createdAt = Self.column(time, of: table)
        return "order by \(createdAt) desc, \(Self.column(id, of: table)) desc limit \(Int64(limit) + 1)"
    }

    /// The column a list statement selects beside its own, from which each row's cursor is made.
    package static func cursorColumn(table: String? = nil, time: String = "created_at") -> SQL {
        "(extract(epoch from \(column(time, of: table))) * 1000000)::bigint as list_cursor"
    }

    /// `column` or `table.column`, quoted.
    package static func column(_ name: String, of table: String?) -> SQL {
        table.map { "\(identifier: $0).\(identifier: name)" } ?? "\(identifier: name)"
    }

    /// `q` as an `ilike` pattern that finds it anywhere, its `%`, `_` and `\\` taken literally.
    package var likePattern: String? {
        text.map {
            "%"
                + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
        }
    }

    /// The rows of a statement built with `orderAndLimit`, decoded and cut to the page, with the cursor of
    /// the next page when there is one (the rows carry `list_cursor` and the key column `id`).
    package func page<Item>(
        _ rows: [PostgresRow], id: String = "id", _ decode: (PostgresRow) throws -> Item
    ) throws -> (items: [Item], next: ListCursor?) {
        let kept = rows.prefix(limit)
        let items = try kept.map(decode)
        guard rows.count > limit, let last = kept.last else { return (items, nil) }
        return (items, try ListCursor(row: last, id: id))
    }
}

/// Where a page ended: the `created_at` (microseconds since 1970) and `id` of its last item. Sent to the
/// client as an opaque token (base64url of `v1.<microseconds>.<id>`).
package struct ListCursor: Sendable, Hashable {
    package var microseconds: Int64
    package var id: String

    package init(microseconds: Int64, id: String) {
        self.microseconds = microseconds
        self.id = id
    }

    /// The row's position, read from the `list_cursor` column (`ListQuery.cursorColumn`) and `id`.
    package init(row: PostgresRow, id idColumn: String = "id") throws {
        self.init(microseconds: try row.int64("list_cursor"), id: try row.string(idColumn))
    }

    package var token: String {
        Data("v1.\(microseconds).\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Parses a token made by `token`; nil for anything else (at most 256 characters are looked at).
    package init?(token: String) {
        guard (1...256).contains(token.utf8.count), token.utf8.allSatisfy({ Self.base64URL.contains($0) }) else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let microseconds = Int64(parts[1]),
            (0...Self.latestMicroseconds).contains(microseconds), !parts[2].isEmpty
        else { return nil }
        self.init(microseconds: microseconds, id: String(parts[2]))
    }

    /// 2201-01-01: no row of ours is later (times are bounded to 2199 at input), and PostgreSQL's timestamps
    /// reach far beyond, so a cursor's time is always one the database can compare.
    static let latestMicroseconds: Int64 = 7_289_654_400_000_000

    private static let base64URL = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
}
