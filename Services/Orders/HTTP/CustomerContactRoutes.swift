import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import O2CSaga

/// customer_service's two contacts with the customer that the saga waits for (DOMAIN.md "Roles":
/// customer_service confirms orders with customers and tracks logistics; deadlines: the customer
/// confirms within 4 hours, and is told what shipped — and why anything differs — within 2 working days
/// of dispatch). Each contact is kept with who made it, in which role, when, whom they spoke to and what
/// was said; the saga records the first of each kind.
enum CustomerContactRoutes {
    struct Body: Decodable {
        var contact: String
        var note: String
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        let host = OrderSagaHost(environment: environment)
        router.post("/v1/orders/{id}/customer-confirmation") { request, context in
            try await record(.orderConfirmation, event: .customerConfirmed, request, context, environment, host)
        }
        router.post("/v1/orders/{id}/shipment-notice") { request, context in
            try await record(.shipmentNotice, event: .customerToldOfShipment, request, context, environment, host)
        }
    }

    private static func record(
        _ kind: CustomerContactKind, event: OrderToCashSaga.Event, _ request: Request, _ context: O2CRequestContext,
        _ environment: ServiceEnvironment,
        _ host: OrderSagaHost
    ) async throws -> Response {
        let actor = try context.actor(as: .customerService, .salesManager)
        let orderId = try context.parameters.require("id")
        let body = try await request.decode(as: Body.self, context: context)
        var errors: [Problem.FieldError] = []
        if body.contact.allSatisfy(\.isWhitespace) {
            errors.append(.init(field: "contact", message: "whom the customer side was reached through"))
        }
        if body.note.allSatisfy(\.isWhitespace) { errors.append(.init(field: "note", message: "what was confirmed or told")) }
        guard errors.isEmpty else { throw Problem.validation("the contact needs a person and a note", errors: errors) }
        let now = environment.clock.now()
        let recorded = try await environment.pool.transaction { connection in
            let order = try await OrderStore.load(orderId, lock: true, on: connection)
            guard let saga = try await host.sagaView(orderId: order.id, on: connection), !saga.finished else {
                throw RuleViolation.invalidState(
                    "order \(orderId) is \(order.status.rawValue); there is no running order to contact the customer about")
            }
            if kind == .shipmentNotice && !saga.steps.isDone("dispatched") {
                throw RuleViolation.invalidState(
                    "order \(orderId) has not been dispatched; there is no shipment to tell the customer about")
            }
            let recorded = CustomerContact(
                id: newID("cc"), orderId: order.id, kind: kind, contact: body.contact, note: body.note, recordedBy: actor.subject,
                recordedAt: now)
            try await CustomerContactStore.insert(recorded, role: actor.role, on: connection)
            try await host.apply(
                event, eventID: "\(kind.rawValue):\(recorded.id)", to: order.id, actor: actor, causationID: nil, on: connection, at: now)
            return recorded
        }
        return try JSONResponse(recorded, status: .created).response()
    }
}
