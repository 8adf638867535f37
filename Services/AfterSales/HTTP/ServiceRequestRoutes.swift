import Foundation
import HTTPTypes
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Opening and reading service requests (CONTRACT.md after-sales; DOMAIN.md "After-sales and
/// returns"): a salesperson or customer_service records the customer's request or complaint,
/// classed quality or non-quality.
enum ServiceRequestRoutes {
    struct OpenBody: Decodable {
        var orderId: String
        var customerId: String
        var sku: String?
        var description: String
        var complaintClass: ComplaintClass

        func validated() throws -> ServiceRequestStore.New {
            var errors: [Problem.FieldError] = []
            func text(_ value: String, _ field: String) -> String {
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty { errors.append(.init(field: field, message: "must not be empty")) }
                return trimmed
            }
            let orderId = text(orderId, "orderId")
            let customerId = text(customerId, "customerId")
            let description = text(description, "description")
            let sku = sku.map { text($0, "sku") }
            guard errors.isEmpty else { throw Problem.validation("invalid service request", errors: errors) }
            return .init(
                id: "sr-" + UUID().uuidString.lowercased(), orderId: orderId, customerId: customerId, sku: sku,
                description: description, complaintClass: complaintClass)
        }
    }

    struct Opened: Encodable, Sendable {
        var id: String
        var status: String
    }

    static let readers: Set<Role> = [
        .salesperson, .customerService, .branchManager, .salesManager, .salesDirector, .generalManager, .technician,
        .auditor,
    ]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/service-requests") { request, context in
            let actor = try context.actor(as: .salesperson, .customerService)
            let body = try await request.decode(as: OpenBody.self, context: context)
            let new = try body.validated()
            let now = environment.clock.now()
            try await environment.pool.transaction { connection in
                try await ServiceRequestStore.insert(new, by: actor, at: now, on: connection)
                let event = ServiceRequestOpened(
                    serviceRequestId: new.id, orderId: new.orderId, customerId: new.customerId, sku: new.sku,
                    complaintClass: new.complaintClass.rawValue)
                try await environment.outbox.enqueue(
                    [try OutgoingMessage.event(event, correlationID: new.orderId, causationID: nil)], on: connection)
            }
            return try JSONResponse(Opened(id: new.id, status: ServiceRequestStatus.opened.rawValue), status: .created)
                .response()
        }

        // Service requests are the complaints (DOMAIN.md "After-sales": classed quality or non-quality):
        // `/v1/complaints` is the same list under the name the department uses.
        for path in ["/v1/service-requests", "/v1/complaints"] {
            router.get(RouterPath(path)) { request, context in
                _ = try context.require(anyOf: readers)
                let query = try ListQuery(
                    request, statuses: ServiceRequestStatus.allCases.map(\.rawValue),
                    filters: ["orderId", "customerId", "sku", "technician"],
                    choices: ["complaintClass": ComplaintClass.allCases.map(\.rawValue)])
                let page = try await environment.pool.withConnection { try await ServiceRequestStore.list(query, on: $0) }
                return try ListPage(page.items, next: page.next).response(from: request, context: context)
            }
        }

        router.get("/v1/service-requests/{id}") { _, context in
            _ = try context.require(anyOf: readers)
            let id = try context.parameters.require("id")
            let view = try await environment.pool.withConnection { connection in
                try await ServiceRequestStore.view(id, on: connection)
            }
            guard let view else { throw Problem.notFound("no service request \(id)") }
            return try JSONResponse(view).response()
        }
    }
}
