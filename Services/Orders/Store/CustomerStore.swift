import Foundation
import O2CContracts
import O2CPostgres

/// The `customers` table and the log of full archive reads, `archive_reads` (DOMAIN.md "Confidentiality").
enum CustomerStore {
    /// The customer a quote or order names; an unknown one is 422 `validation_failed` on `field`.
    static func facts(_ id: String, field: String = "customerId", on connection: PostgresConnection) async throws -> CustomerFacts {
        guard let row = try await connection.query("select name, channel, delivery_address from customers where id = \(id)").rows.first
        else {
            throw RuleViolation.validation("unknown customer \(id)", errors: [.init(field: field, message: "no customer \(id)")])
        }
        return CustomerFacts(
            id: id, name: try row.string("name"), channel: Channel(rawValue: try row.string("channel")) ?? .endUser,
            deliveryAddress: try row.string("delivery_address"))
    }

    static func insert(_ customer: CustomerArchive, role: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into customers (id, name, channel, contact_person, contact_phone, delivery_address, created_by, created_role, created_at,
                                   owner, region)
            values (\(customer.id), \(customer.name), \(customer.channel.rawValue), \(customer.contact.person), \(customer.contact.phone),
                    \(customer.deliveryAddress), \(customer.createdBy), \(role), \(customer.createdAt), \(customer.owner), \(customer.region))
            """)
    }

    /// The whole archive of a customer; with `lock`, locked for the rest of the transaction.
    static func archive(_ id: String, lock: Bool = false, on connection: PostgresConnection) async throws -> CustomerArchive {
        let sql: SQL = "select * from customers where id = \(id)" + (lock ? " for update" : "")
        guard let row = try await connection.query(sql).rows.first else {
            throw RuleViolation.notFound("no customer \(id)")
        }
        return CustomerArchive(
            id: id, name: try row.string("name"), channel: Channel(rawValue: try row.string("channel")) ?? .endUser,
            contact: .init(person: try row.string("contact_person"), phone: try row.string("contact_phone")),
            deliveryAddress: try row.string("delivery_address"), owner: row["owner"], region: row["region"],
            createdBy: try row.string("created_by"),
            createdAt: try row.date("created_at"))
    }

    /// Logs a full read of the archive, in the transaction that read it.
    static func recordRead(of customerId: String, by reader: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            "insert into archive_reads (customer_id, read_by, read_role, read_at) values (\(customerId), \(reader.subject), \(reader.role), \(now))"
        )
    }

    /// Every full read of a customer's archive, oldest first.
    static func reads(of customerId: String, on connection: PostgresConnection) async throws -> [ArchiveRead] {
        let rows = try await connection.query(
            "select read_by, read_role, read_at from archive_reads where customer_id = \(customerId) order by id"
        ).rows
        return try rows.map { ArchiveRead(readBy: try $0.string("read_by"), role: try $0.string("read_role"), at: try $0.date("read_at")) }
    }
}
