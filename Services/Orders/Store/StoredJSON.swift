import Foundation
import O2CMessaging
import O2CPostgres

/// Rule values (lines, approval states, request details) kept as JSON text in a column, encoded
/// the way messages are (ISO 8601 times, amounts as "1200.00").
enum StoredJSON {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ row: PostgresRow, _ column: String) throws -> T {
        try JSONCoding.decoder.decode(type, from: Data(try row.string(column).utf8))
    }
}

extension PostgresRow {
    /// A column holding a status or kind by its raw value; a value the enum does not know is a decoding failure
    /// (the column's check constraint keeps them out).
    func value<T: RawRepresentable<String>>(_ column: String, as type: T.Type = T.self) throws -> T {
        let text = try string(column)
        guard let value = T(rawValue: text) else {
            throw PostgresError(code: .decodingFailed, message: "\(column) \(text) is not a \(T.self) known here")
        }
        return value
    }
}
