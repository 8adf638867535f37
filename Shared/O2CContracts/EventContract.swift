/// A message type that services exchange over `o2c.events`: a Codable body with a fixed routing key
/// `<service>.<event>.v<version>` (CONTRACT.md). The body is JSON; its fields are the contract.
package protocol EventContract: Codable, Sendable {
    /// e.g. `orders.contract_signed.v1`; also the AMQP `type` property.
    static var routingKey: String { get }
}

/// A routing key split into its parts: `<service>.<event>.v<version>`.
package struct RoutingKey: Hashable, Sendable, CustomStringConvertible {
    package var producer: String
    package var event: String
    package var version: Int

    package init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
            parts[2].first == "v", let version = Int(parts[2].dropFirst()), version > 0
        else { return nil }
        self.producer = String(parts[0])
        self.event = String(parts[1])
        self.version = version
    }

    package var description: String { "\(producer).\(event).v\(version)" }
}
