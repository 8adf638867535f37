import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// The customer archive (DOMAIN.md "Confidentiality", 客户档案管理): sales roles create it; only
/// general_manager, sales_director, sales_manager, finance and auditor read it in full, and each
/// such read is logged in `archive_reads`; anyone else sees only `{id, name, channel}`.
enum CustomerRoutes {
    struct Contact: Codable {
        var person: String
        var phone: String
    }
    struct Body: Decodable {
        var name: String
        var channel: Channel
        var contact: Contact
        var deliveryAddress: String
    }
    struct Summary: Encodable {
        var id: String
        var name: String
        var channel: Channel
    }
    struct Archive: Encodable {
        var id: String
        var name: String
        var channel: Channel
        var contact: Contact
        var deliveryAddress: String
        var createdBy: String
        var createdAt: Date
    }

    static let creators: [Role] = [
        .salesperson, .salesAdmin, .customerService, .branchManager, .salesManager, .salesDirector, .generalManager,
    ]
    static let archiveReaders: [Role] = [.generalManager, .salesDirector, .salesManager, .finance, .auditor]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/customers") { request, context in
            let principal = try context.require(anyOf: Set(creators))
            let actor = principal.actor(among: creators)
            let body = try await request.decode(as: Body.self, context: context)
            var errors: [Problem.FieldError] = []
            for (field, value) in [("name", body.name), ("contact.person", body.contact.person), ("contact.phone", body.contact.phone),
                                   ("deliveryAddress", body.deliveryAddress)] where value.allSatisfy(\.isWhitespace) {
                errors.append(.init(field: field, message: "must not be empty"))
            }
            guard errors.isEmpty else { throw Problem.validation("invalid customer", errors: errors) }
            let id = newID("c")
            try await environment.pool.transaction { connection in
                try await connection.query(
                    """
                    insert into customers (id, name, channel, contact_person, contact_phone, delivery_address, created_by, created_role, created_at)
                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    [id, body.name, body.channel.rawValue, body.contact.person, body.contact.phone, body.deliveryAddress, actor.subject,
                     actor.role, environment.clock.now()])
            }
            return try JSONResponse(Summary(id: id, name: body.name, channel: body.channel), status: .created).response()
        }

        router.get("/v1/customers/{id}") { _, context in
            let principal = try context.anyone()
            let id = try context.parameters.require("id")
            let fullRole = archiveReaders.first(where: principal.roles.contains)
            let response = try await environment.pool.transaction { connection -> Response in
                guard let row = try await connection.query("select * from customers where id = $1", [id]).rows.first else {
                    throw Problem.notFound("no customer \(id)")
                }
                let channel = Channel(rawValue: try row.string("channel")) ?? .endUser
                guard let fullRole else {
                    return try JSONResponse(Summary(id: id, name: try row.string("name"), channel: channel)).response()
                }
                try await connection.query(
                    "insert into archive_reads (customer_id, read_by, read_role, read_at) values ($1, $2, $3, $4)",
                    [id, principal.subject, fullRole.rawValue, environment.clock.now()])
                return try JSONResponse(Archive(
                    id: id, name: try row.string("name"), channel: channel,
                    contact: Contact(person: try row.string("contact_person"), phone: try row.string("contact_phone")),
                    deliveryAddress: try row.string("delivery_address"), createdBy: try row.string("created_by"),
                    createdAt: try row.date("created_at"))).response()
            }
            return response
        }

        router.get("/v1/customers/{id}/archive-reads") { _, context in
            _ = try context.require(.generalManager, .salesDirector, .auditor)
            let id = try context.parameters.require("id")
            let rows = try await environment.pool.query(
                "select read_by, read_role, read_at from archive_reads where customer_id = $1 order by id", [id]).rows
            struct Read: Encodable { var readBy: String; var role: String; var at: Date }
            let reads = try rows.map { Read(readBy: try $0.string("read_by"), role: try $0.string("read_role"), at: try $0.date("read_at")) }
            return try JSONResponse(reads).response()
        }
    }
}

/// What the orders routes need to know of a customer.
struct CustomerFacts {
    var id: String
    var name: String
    var channel: Channel
    var deliveryAddress: String

    static func load(_ id: String, on connection: PostgresConnection, field: String = "customerId") async throws -> CustomerFacts {
        guard let row = try await connection.query("select name, channel, delivery_address from customers where id = $1", [id]).rows.first
        else { throw Problem.validation("unknown customer \(id)", errors: [.init(field: field, message: "no customer \(id)")]) }
        return CustomerFacts(
            id: id, name: try row.string("name"), channel: Channel(rawValue: try row.string("channel")) ?? .endUser,
            deliveryAddress: try row.string("delivery_address"))
    }
}
