import Foundation

/// One result row: column names and text-format values (`nil` is SQL NULL).
package struct PostgresRow: Sendable {
    package let columns: [String]
    package let values: [String?]
    /// Column name to position; built once per result and shared by its rows.
    private let index: [String: Int]

    init(columns: [String], index: [String: Int], values: [String?]) {
        self.columns = columns
        self.index = index
        self.values = values
    }

    package init(columns: [String], values: [String?]) {
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
        self.init(columns: columns, index: index, values: values)
    }

    /// The value of the first column with this name; `nil` when NULL or missing.
    package subscript(_ column: String) -> String? {
        index[column].flatMap { values[$0] }
    }

    package func optionalString(_ column: String) -> String? { self[column] }

    package func string(_ column: String) throws(PostgresError) -> String {
        guard let position = index[column] else {
            throw decodingError(column, "no such column (columns: \(columns.joined(separator: ", ")))")
        }
        guard let value = values[position] else { throw decodingError(column, "is NULL") }
        return value
    }

    package func int(_ column: String) throws(PostgresError) -> Int { try decode(column, "an integer", { Int($0) }) }
    package func int64(_ column: String) throws(PostgresError) -> Int64 { try decode(column, "a 64-bit integer", { Int64($0) }) }
    package func double(_ column: String) throws(PostgresError) -> Double { try decode(column, "a number", { Double($0) }) }
    package func decimal(_ column: String) throws(PostgresError) -> Decimal { try decode(column, "a decimal", { Decimal(string: $0) }) }
    package func bool(_ column: String) throws(PostgresError) -> Bool { try decode(column, "a boolean", Self.parseBool) }
    package func uuid(_ column: String) throws(PostgresError) -> UUID { try decode(column, "a UUID", { UUID(uuidString: $0) }) }
    /// Reads `timestamptz`, `timestamp` (as UTC) and `date` text output.
    package func date(_ column: String) throws(PostgresError) -> Date { try decode(column, "a timestamp", PostgresTimestamp.parse) }
    /// Reads `bytea` hex output (`\x0aff`).
    package func bytes(_ column: String) throws(PostgresError) -> [UInt8] { try decode(column, "bytea hex", Self.parseHex) }

    package func optionalInt(_ column: String) throws(PostgresError) -> Int? { try optional(column, int) }
    package func optionalInt64(_ column: String) throws(PostgresError) -> Int64? { try optional(column, int64) }
    package func optionalBool(_ column: String) throws(PostgresError) -> Bool? { try optional(column, bool) }
    package func optionalUUID(_ column: String) throws(PostgresError) -> UUID? { try optional(column, uuid) }
    package func optionalDate(_ column: String) throws(PostgresError) -> Date? { try optional(column, date) }

    private func optional<T>(_ column: String, _ read: (String) throws(PostgresError) -> T) throws(PostgresError) -> T? {
        guard let position = index[column] else { throw decodingError(column, "no such column") }
        return values[position] == nil ? nil : try read(column)
    }

    private func decode<T>(_ column: String, _ what: String, _ parse: (String) -> T?) throws(PostgresError) -> T {
        let text = try string(column)
        guard let value = parse(text) else { throw decodingError(column, "'\(text.prefix(64))' is not \(what)") }
        return value
    }

    private func decodingError(_ column: String, _ why: String) -> PostgresError {
        PostgresError(code: .decodingFailed, message: "column \"\(column)\": \(why)")
    }

    private static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "t", "true": true
        case "f", "false": false
        default: nil
        }
    }

    private static func parseHex(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2 - 1)
        var position = 2
        while position < utf8.count {
            guard let high = PostgresConfiguration.hexValue(utf8[position]),
                let low = PostgresConfiguration.hexValue(utf8[position + 1])
            else { return nil }
            bytes.append(high << 4 | low)
            position += 2
        }
        return bytes
    }
}

/// The rows a statement returned and the count of rows it affected (`PQcmdTuples`).
package struct PostgresResult: Sendable {
    package var rows: [PostgresRow]
    package var affectedRows: Int
    /// The command tag, e.g. `INSERT 0 1`, `COMMIT` or `ROLLBACK`.
    package var commandTag: String

    package init(rows: [PostgresRow] = [], affectedRows: Int = 0, commandTag: String = "") {
        self.rows = rows
        self.affectedRows = affectedRows
        self.commandTag = commandTag
    }

    package var first: PostgresRow? { rows.first }
}
