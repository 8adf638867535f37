import Foundation
import HTTPTypes
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// `PUT /v1/stock/{sku}` (a warehouse keeper's count) and `GET /v1/stock/{sku}` (totals over warehouses).
enum StockRoutes {
    struct Count: Codable {
        var warehouse: String
        /// 0 to 1,000,000,000, refused at decoding otherwise.
        var onHand: Int

        private enum CodingKeys: String, CodingKey { case warehouse, onHand }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            warehouse = try container.decode(String.self, forKey: .warehouse)
            onHand = try container.decode(Int.self, forKey: .onHand, in: Quantity.nonNegative)
        }
    }
    struct Level: Codable { var sku: String; var onHand: Int; var reserved: Int; var available: Int }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.put("/v1/stock/{sku}") { request, context in
            let actor = try context.actor(as: .warehouseKeeper)
            let sku = try context.parameters.require("sku")
            let count = try await request.decode(as: Count.self, context: context)
            var errors: [Problem.FieldError] = []
            if count.warehouse.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(.init(field: "warehouse", message: "must not be empty"))
            }
            guard errors.isEmpty else { throw Problem.validation("the stock count is not valid", errors: errors) }
            let now = environment.clock.now()
            let counted = try await environment.pool.transaction { connection in
                try await StockStore.lock(on: connection)
                try await StockStore.set(sku: sku, warehouse: count.warehouse, onHand: count.onHand, by: actor, at: now, on: connection)
                let issued = try await DispatchNoteStore.issueBackorders(by: actor, at: now, on: connection)
                try await environment.outbox.enqueue(issued, on: connection)
                return try await level(of: sku, on: connection)
            }
            return try JSONResponse(counted).response()
        }
        router.get("/v1/stock") { request, context in
            _ = try context.require(anyOf: Set(Role.allCases))
            let query = try ListQuery(request)
            if query.from != nil || query.to != nil {
                throw Problem.validation(
                    "stock is listed by sku", errors: [.init(field: query.from != nil ? "from" : "to", message: "does not apply to stock")])
            }
            let (levels, next) = try await environment.pool.withConnection { connection in
                let page = try await StockStore.skus(query, on: connection)
                let availability = try await StockStore.availability(for: page.skus, on: connection)
                return (
                    page.skus.map { sku in
                        let level = availability.level(sku)
                        return Level(sku: sku, onHand: level.onHand, reserved: level.reserved, available: level.available)
                    }, page.next
                )
            }
            return try ListPage(levels, next: next).response(from: request, context: context)
        }
        router.get("/v1/stock/{sku}") { _, context in
            _ = try context.require(anyOf: Set(Role.allCases))
            let sku = try context.parameters.require("sku")
            let current = try await environment.pool.withConnection { try await level(of: sku, on: $0) }
            return try JSONResponse(current).response()
        }
    }

    static func level(of sku: String, on connection: PostgresConnection) async throws -> Level {
        let level = try await StockStore.availability(for: [sku], on: connection).level(sku)
        return Level(sku: sku, onHand: level.onHand, reserved: level.reserved, available: level.available)
    }
}
