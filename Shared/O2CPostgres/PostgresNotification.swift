import Foundation

/// A `NOTIFY` received on a channel the connection `LISTEN`s to.
public struct PostgresNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String

    public init(channel: String, payload: String) {
        self.channel = channel
        self.payload = payload
    }
}

/// Quoting for SQL identifiers (schema, table and channel names), for the places where a name cannot
/// be a parameter.
public enum PostgresIdentifier {
    /// `orders` → `"orders"`, `a"b` → `"a""b"`.
    public static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
