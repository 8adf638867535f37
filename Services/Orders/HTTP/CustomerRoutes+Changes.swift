import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Changes to a customer (CONTRACT.md "The department's daily work"): `PATCH /v1/customers/{id}` by
/// sales_manager (any field: name, contact, delivery address, owner, region) or by the customer's owner
/// (the contact only); every changed field is kept in `customer_changes` with its old and new value, who,
/// in which role and when, and `GET /v1/customers/{id}/history` shows them to the archive readers (the
/// values are the archive's, so each read is logged as an archive read).
extension CustomerRoutes {
    struct Patch: Decodable {
        var name: String?
        var contact: CustomerArchive.Contact?
        var deliveryAddress: String?
        var owner: String?
        var region: String?
    }

    static func addChanges(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.patch("/v1/customers/{id}") { request, context in
            let principal = try context.require(.salesManager, .salesperson)
            let id = try context.parameters.require("id")
            let patch = try await request.decode(as: Patch.self, context: context)
            try validate(patch)
            let now = environment.clock.now()
            let listed = try await environment.pool.transaction { connection in
                let current = try await CustomerStore.archive(id, lock: true, on: connection)
                let author: Author
                if principal.roles.contains(.salesManager) {
                    author = Author(subject: principal.subject, role: Role.salesManager.rawValue)
                } else {
                    // A salesperson changes the contact of their own customer, nothing else.
                    guard current.owner == principal.subject else {
                        throw Problem.forbiddenRole("only the customer's owner or a sales_manager changes customer \(id)")
                    }
                    guard patch.name == nil, patch.deliveryAddress == nil, patch.owner == nil, patch.region == nil else {
                        throw Problem.forbiddenRole(
                            "the customer's owner changes its contact only; name, address, owner and region need a sales_manager")
                    }
                    author = Author(subject: principal.subject, role: Role.salesperson.rawValue)
                }
                let changes = CustomerStore.changes(from: current, to: patch)
                try await CustomerStore.apply(changes, to: id, by: author, at: now, on: connection)
                return try await CustomerStore.listed(id, on: connection)
            }
            return try JSONResponse(listed).response()
        }

        router.get("/v1/customers/{id}/history") { _, context in
            let principal = try context.require(anyOf: Set(archiveReaders))
            let id = try context.parameters.require("id")
            let reader = principal.actor(among: archiveReaders)
            let history = try await environment.pool.transaction { connection in
                _ = try await CustomerStore.archive(id, on: connection)
                try await CustomerStore.recordRead(of: id, by: reader, at: environment.clock.now(), on: connection)
                return try await CustomerStore.history(of: id, on: connection)
            }
            return try JSONResponse(history).response()
        }
    }

    /// Every given field must have something in it; an empty patch changes nothing and is refused.
    static func validate(_ patch: Patch) throws {
        var errors: [Problem.FieldError] = []
        let given: [(String, String?)] = [
            ("name", patch.name), ("contact.person", patch.contact?.person), ("contact.phone", patch.contact?.phone),
            ("deliveryAddress", patch.deliveryAddress), ("owner", patch.owner), ("region", patch.region),
        ]
        for (field, value) in given {
            if let value, value.allSatisfy(\.isWhitespace) { errors.append(.init(field: field, message: "must not be empty")) }
        }
        if given.allSatisfy({ $0.1 == nil }) { errors.append(.init(field: "body", message: "names no field to change")) }
        guard errors.isEmpty else { throw Problem.validation("invalid customer change", errors: errors) }
    }
}
