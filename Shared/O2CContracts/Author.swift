/// Who made a change: a person (subject and role from the token) or the system. Every state change
/// records its author, the role it acted in, and the time.
package struct Author: Sendable, Hashable, Codable {
    package var subject: String
    package var role: String
    package init(subject: String, role: String) {
        self.subject = subject
        self.role = role
    }
    package static let system = Author(subject: "system", role: "system")
}
