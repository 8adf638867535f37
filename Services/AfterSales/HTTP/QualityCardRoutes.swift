import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Product quality tracking cards (产品质量跟踪卡) and revisits (DOMAIN.md "After-sales and returns":
/// revisits and product quality tracking cards record satisfaction). A card is opened by itself for each
/// delivered order line; customer_service or a technician records each revisit: the customer's
/// satisfaction (`satisfied` | `neutral` | `dissatisfied`), whom they spoke to, and notes.
enum QualityCardRoutes {
    struct RevisitBody: Decodable {
        var satisfaction: String
        var contact: String
        var notes: String?
    }

    struct Recorded: Encodable, Sendable {
        var id: Int
        var cardId: String
        var satisfaction: String
    }

    static let readers: Set<Role> = [
        .customerService, .technician, .salesperson, .branchManager, .salesManager, .salesDirector, .generalManager, .auditor,
    ]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/quality-cards") { request, context in
            _ = try context.require(anyOf: readers)
            let sku = request.uri.queryParameters.get("sku").flatMap { $0.isEmpty ? nil : String($0) }
            let orderId = request.uri.queryParameters.get("orderId").flatMap { $0.isEmpty ? nil : String($0) }
            let cards = try await environment.pool.withConnection { try await QualityCardStore.cards(sku: sku, orderId: orderId, on: $0) }
            return try JSONResponse(cards).response()
        }

        router.post("/v1/quality-cards/{id}/revisits") { request, context in
            let actor = try context.actor(as: .customerService, .technician)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: RevisitBody.self, context: context)
            var errors: [Problem.FieldError] = []
            let satisfaction = QualityCardStore.Satisfaction(rawValue: body.satisfaction)
            if satisfaction == nil { errors.append(.init(field: "satisfaction", message: "must be satisfied, neutral or dissatisfied")) }
            let contact = body.contact.trimmingCharacters(in: .whitespacesAndNewlines)
            if contact.isEmpty { errors.append(.init(field: "contact", message: "must not be empty")) }
            guard errors.isEmpty, let satisfaction else { throw Problem.validation("invalid revisit", errors: errors) }
            let now = environment.clock.now()
            let revisit = try await environment.pool.transaction { connection in
                guard try await QualityCardStore.exists(id, on: connection) else { throw RuleViolation.notFound("no quality card \(id)") }
                return try await QualityCardStore.addRevisit(
                    card: id, satisfaction: satisfaction, contact: contact, notes: body.notes, by: actor, at: now, on: connection)
            }
            return try JSONResponse(Recorded(id: revisit, cardId: id, satisfaction: satisfaction.rawValue), status: .created).response()
        }
    }
}
