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

/// A fresh id with a readable prefix (`q-…`, `k-…`, `o-…`).
func newID(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.lowercased())"
}
