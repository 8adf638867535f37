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
    struct Body: Decodable {
        var name: String
        var channel: Channel
        var contact: CustomerArchive.Contact
        var deliveryAddress: String
        /// The owning salesperson's `sub`; the creator when a salesperson creates it and names none.
        var owner: String?
        var region: String?
    }
    struct Summary: Encodable {
        var id: String
        var name: String
        var channel: Channel
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
            for (field, value) in [
                ("name", body.name), ("contact.person", body.contact.person), ("contact.phone", body.contact.phone),
                ("deliveryAddress", body.deliveryAddress),
            ] where value.allSatisfy(\.isWhitespace) {
                errors.append(.init(field: field, message: "must not be empty"))
            }
            for (field, value) in [("owner", body.owner), ("region", body.region)] {
                if let value, value.allSatisfy(\.isWhitespace) { errors.append(.init(field: field, message: "must not be empty")) }
            }
            guard errors.isEmpty else { throw Problem.validation("invalid customer", errors: errors) }
            // A salesperson and nothing else creates customers for themselves.
            let soleSalesperson = principal.roles == [.salesperson]
            if soleSalesperson, let owner = body.owner, owner != principal.subject {
                throw Problem.forbiddenRole("a salesperson creates customers they own; a sales_manager assigns another owner")
            }
            let customer = CustomerArchive(
                id: newID("c"), name: body.name, channel: body.channel, contact: body.contact, deliveryAddress: body.deliveryAddress,
                owner: body.owner ?? (principal.roles.contains(.salesperson) ? principal.subject : nil), region: body.region,
                createdBy: actor.subject, createdAt: environment.clock.now())
            try await environment.pool.transaction { try await CustomerStore.insert(customer, role: actor.role, on: $0) }
            let listed = CustomerStore.Listed(
                id: customer.id, name: customer.name, channel: customer.channel, owner: customer.owner, region: customer.region,
                createdAt: customer.createdAt)
            return try JSONResponse(listed, status: .created).response()
        }

        router.get("/v1/customers/{id}") { _, context in
            let principal = try context.anyone()
            let id = try context.parameters.require("id")
            let fullRole = archiveReaders.first(where: principal.roles.contains)
            let response = try await environment.pool.transaction { connection -> Response in
                let archive = try await CustomerStore.archive(id, on: connection)
                guard let fullRole else {
                    return try JSONResponse(Summary(id: id, name: archive.name, channel: archive.channel)).response()
                }
                try await CustomerStore.recordRead(
                    of: id, by: Author(subject: principal.subject, role: fullRole.rawValue), at: environment.clock.now(), on: connection)
                return try JSONResponse(archive).response()
            }
            return response
        }

        addChanges(to: router, environment: environment)

        router.get("/v1/customers/{id}/archive-reads") { _, context in
            _ = try context.require(.generalManager, .salesDirector, .auditor)
            let id = try context.parameters.require("id")
            let reads = try await environment.pool.transaction { try await CustomerStore.reads(of: id, on: $0) }
            return try JSONResponse(reads).response()
        }
    }
}
