/// Who made a change: a person (subject and role from the token) or the system. Every state change
/// records its author, the role it acted in, and the time.
public struct Author: Sendable, Hashable, Codable {
    public var subject: String
    public var role: String
    public init(subject: String, role: String) {
        self.subject = subject
        self.role = role
    }
    public static let system = Author(subject: "system", role: "system")
}
