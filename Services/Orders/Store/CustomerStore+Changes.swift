import Foundation
import O2CContracts
import O2CPostgres

/// A customer as lists show it, and its changes (`customer_changes`).
extension CustomerStore {
    /// A customer in a list and in a change's answer: no contact, no address (those are the archive's).
    struct Listed: Encodable {
        var id: String
        var name: String
        var channel: Channel
        var owner: String?
        var region: String?
        var createdAt: Date
    }

    /// One changed field.
    struct Change: Encodable, Equatable {
        var field: String
        var oldValue: String?
        var newValue: String?
    }

    /// One kept change, as `GET /v1/customers/{id}/history` shows it.
    struct Recorded: Encodable {
        var field: String
        var oldValue: String?
        var newValue: String?
        var changedBy: String
        var role: String
        var at: Date
    }

    static func listed(from row: PostgresRow) throws -> Listed {
        Listed(
            id: try row.string("id"), name: try row.string("name"), channel: Channel(rawValue: try row.string("channel")) ?? .endUser,
            owner: row["owner"], region: row["region"], createdAt: try row.date("created_at"))
    }

    static func listed(_ id: String, on connection: PostgresConnection) async throws -> Listed {
        guard
            let row = try await connection.query("select id, name, channel, owner, region, created_at from customers where id = \(id)").rows
                .first
        else { throw RuleViolation.notFound("no customer \(id)") }
        return try listed(from: row)
    }

    /// The fields `patch` changes (those it gives with another value than `current`'s), in the order of the archive.
    static func changes(from current: CustomerArchive, to patch: CustomerRoutes.Patch) -> [Change] {
        let pairs: [(String, String?, String?)] = [
            ("name", current.name, patch.name), ("contact.person", current.contact.person, patch.contact?.person),
            ("contact.phone", current.contact.phone, patch.contact?.phone),
            ("deliveryAddress", current.deliveryAddress, patch.deliveryAddress), ("owner", current.owner, patch.owner),
            ("region", current.region, patch.region),
        ]
        return pairs.compactMap { field, old, new in
            guard let new, new != old else { return nil }
            return Change(field: field, oldValue: old, newValue: new)
        }
    }

    /// Writes the changes to the customer and keeps each in `customer_changes`.
    static func apply(_ changes: [Change], to id: String, by author: Author, at now: Date, on connection: PostgresConnection) async throws {
        for change in changes {
            let column: SQL
            switch change.field {
            case "name": column = "name"
            case "contact.person": column = "contact_person"
            case "contact.phone": column = "contact_phone"
            case "deliveryAddress": column = "delivery_address"
            case "owner": column = "owner"
            case "region": column = "region"
            default: continue
            }
            try await connection.query("update customers set \(column) = \(change.newValue) where id = \(id)")
            try await connection.query(
                """
                insert into customer_changes (customer_id, field, old_value, new_value, changed_by, changed_role, changed_at)
                values (\(id), \(change.field), \(change.oldValue), \(change.newValue), \(author.subject), \(author.role), \(now))
                """)
        }
    }

    /// Every change of a customer, oldest first.
    static func history(of id: String, on connection: PostgresConnection) async throws -> [Recorded] {
        try await connection.query(
            "select field, old_value, new_value, changed_by, changed_role, changed_at from customer_changes where customer_id = \(id) order by id"
        ).rows.map {
            Recorded(
                field: try $0.string("field"), oldValue: $0["old_value"], newValue: $0["new_value"], changedBy: try $0.string("changed_by"),
                role: try $0.string("changed_role"), at: try $0.date("changed_at"))
        }
    }
}
