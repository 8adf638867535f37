import Foundation

/// A `NOTIFY` received on a channel the connection `LISTEN`s to.
package struct PostgresNotification: Sendable, Hashable {
    package var channel: String
    package var payload: String

    package init(channel: String, payload: String) {
        self.channel = channel
        self.payload = payload
    }
}

/// Quoting for SQL identifiers (schema, table and channel names), for the places where a name cannot
/// be a parameter.
package enum PostgresIdentifier {
    /// `orders` → `"orders"`, `a"b` → `"a""b"`.
    package static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
