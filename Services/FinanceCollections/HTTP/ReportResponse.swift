import Foundation
import HTTPTypes
import Hummingbird
import O2CContracts
import O2CRuntime

// Finance's own copy, for now, of the report helpers the orders reports bring to O2CRuntime
// (Shared/O2CRuntime/ReportResponse.swift): the same names and signatures, so that switching to the shared
// ones is deleting this file.

/// A report's row as CSV: the header is the same for every row of the report.
protocol CSVRow {
    static var csvHeader: [String] { get }
    var csvFields: [String] { get }
}

/// A report (CONTRACT.md "The department's daily work", Reports): JSON, or CSV when the request's `Accept`
/// asks for `text/csv` (RFC 4180: a header line, CRLF line ends, a field quoted when it holds a comma, a quote
/// or a line break; a field that a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return — is prefixed with `'`). Both carry the same figures: the CSV is `rows`, the JSON is `body`.
struct ReportResponse<Body: Encodable, Row: CSVRow>: ResponseGenerator {
    var body: Body
    var rows: [Row]
    /// The download's name without extension, e.g. `collection-rate-2026-11-by-salesperson`.
    var filename: String

    init(_ body: Body, rows: [Row], filename: String) {
        self.body = body
        self.rows = rows
        self.filename = filename
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        guard Self.wantsCSV(request.headers[values: .accept]) else { return try JSONResponse(body).response() }
        var text = Self.line(Row.csvHeader)
        for row in rows { text += Self.line(row.csvFields) }
        let safeName = String(
            filename.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_".unicodeScalars.contains($0)) })
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(safeName).csv\""],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Whether `Accept` names `text/csv` before (or without) `application/json`.
    static func wantsCSV(_ accepts: [String]) -> Bool {
        let types = accepts.flatMap { $0.split(separator: ",") }.map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        guard let csv = types.firstIndex(of: "text/csv") else { return false }
        return types.firstIndex(of: "application/json").map { csv < $0 } ?? true
    }

    static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A month `yyyy-mm` of a report's `period`, as the first day and the first day of the next month.
struct ReportMonth: Sendable, Hashable, CustomStringConvertible {
    var first: CalendarDate
    var next: CalendarDate

    /// Parses `2026-11` (four and two ASCII digits, months 01–12, years 2000–2199); nil for anything else.
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, parts.allSatisfy({ $0.allSatisfy { ("0"..."9").contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]),
            let first = CalendarDate(year: year, month: month, day: 1), CalendarDate.inputRange.contains(first)
        else { return nil }
        self.first = first
        next = first.firstDayOfNextMonth
    }

    var description: String { String(first.description.prefix(7)) }
}

/// A report's query parameters: a parameter the report does not take, one given twice, or a value out of
/// its bounds is a 422 naming it.
struct ReportParameters: Sendable {
    private var values: [String: String]

    init(_ request: Request, takes names: Set<String>) throws {
        values = [:]
        for (name, value) in request.uri.queryParameters {
            let (name, value) = (String(name), String(value))
            guard names.contains(name) else {
                throw Self.invalid(name, "is not a parameter of this report (it takes \(names.sorted().joined(separator: ", ")))")
            }
            guard values[name] == nil else { throw Self.invalid(name, "is given twice") }
            guard value.utf8.count <= 100 else { throw Self.invalid(name, "is longer than 100 characters") }
            values[name] = value
        }
    }

    /// A required month `yyyy-mm`.
    func month(_ name: String) throws -> ReportMonth {
        guard let text = values[name] else { throw Self.invalid(name, "is required (a month, 2026-11)") }
        guard let month = ReportMonth(text) else { throw Self.invalid(name, "must be a month (2026-11) between 2000-01 and 2199-12") }
        return month
    }

    /// A required choice among `choices`.
    func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, of type: Choice.Type) throws -> Choice
    where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = values[name] else { throw Self.invalid(name, "is required (one of \(names))") }
        guard let choice = Choice(rawValue: text) else { throw Self.invalid(name, "must be one of \(names)") }
        return choice
    }

    private static func invalid(_ field: String, _ message: String) -> Problem {
        Problem.validation("invalid report parameter \(field)", errors: [.init(field: field, message: message)])
    }
}
