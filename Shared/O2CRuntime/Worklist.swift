import Foundation
import O2CContracts

/// One thing that waits for the caller (CONTRACT.md "The department's daily work", Worklists):
/// `{kind, id, title, since, dueBy, action: {method, path}}`. `dueBy` is the deadline the service's own
/// rules give (null when none applies), `action` the HTTP call that does the work.
package struct WorklistItem: Encodable, Sendable, Hashable {
    package struct Action: Encodable, Sendable, Hashable {
        package var method: String
        package var path: String
    }

    package var kind: String
    package var id: String
    package var title: String
    package var since: Date
    package var dueBy: Date?
    package var action: Action

    package init(kind: String, id: String, title: String, since: Date, dueBy: Date?, method: String = "POST", path: String) {
        self.kind = kind
        self.id = id
        self.title = title
        self.since = since
        self.dueBy = dueBy
        self.action = Action(method: method, path: path)
    }

    private enum CodingKeys: String, CodingKey { case kind, id, title, since, dueBy, action }

    /// `dueBy` is always present: `null` when nothing is due.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(since, forKey: .since)
        try container.encode(dueBy, forKey: .dueBy)
        try container.encode(action, forKey: .action)
    }
}

/// The rules every service's `GET /v1/worklist` shares: the order and the bound.
package enum Worklist {
    /// At most this many items in one answer (the most urgent first); each store query reads at most this many rows
    /// plus one.
    package static let limit = 200

    /// By `dueBy` (nulls last), then `since`, then kind and id (a stable order); at most `limit` items.
    package static func ordered(_ items: [WorklistItem]) -> [WorklistItem] {
        let sorted = items.sorted { left, right in
            switch (left.dueBy, right.dueBy) {
            case (let a?, let b?) where a != b: return a < b
            case (.some, .none): return true
            case (.none, .some): return false
            default: break
            }
            if left.since != right.since { return left.since < right.since }
            if left.kind != right.kind { return left.kind < right.kind }
            return left.id < right.id
        }
        return Array(sorted.prefix(limit))
    }

    /// A path segment with anything outside the unreserved characters percent-encoded (ids are plain, but a
    /// path is built from stored values).
    package static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? value
    }

}
