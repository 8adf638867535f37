import Foundation
import HTTPTypes
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// The steps of a service request over HTTP (DOMAIN.md "After-sales and returns"): confirm and
/// assign (sales_manager), contact and result (the technician, or customer_service for a
/// non-quality complaint), close (sales_manager or the salesperson who opened it, once resolved).
/// Each answers the request as it then stands.
enum ServiceRequestStepRoutes {
    struct AssignBody: Decodable { var technician: String }
    struct ContactBody: Decodable { var note: String }
    struct ResultBody: Decodable {
        var workDone: String
        var result: String
    }

    /// The columns a step fills.
    struct Fields: Sendable {
        var technician: String?
        var workDone: String?
        var result: String?
        var note: String?
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/service-requests/{id}/confirm") { _, context in
            try await take(.confirm, Fields(), context: context, environment: environment)
        }
        router.post("/v1/service-requests/{id}/assign") { request, context in
            _ = try context.require(anyOf: ServiceRequestStep.assign.roles)
            let body = try await request.decode(as: AssignBody.self, context: context)
            let technician = try required(body.technician, "technician")
            return try await take(.assign, Fields(technician: technician), context: context, environment: environment)
        }
        router.post("/v1/service-requests/{id}/contact") { request, context in
            _ = try context.require(anyOf: ServiceRequestStep.contact.roles)
            let body = try await request.decode(as: ContactBody.self, context: context)
            let note = try required(body.note, "note")
            return try await take(.contact, Fields(note: note), context: context, environment: environment)
        }
        router.post("/v1/service-requests/{id}/result") { request, context in
            _ = try context.require(anyOf: ServiceRequestStep.result.roles)
            let body = try await request.decode(as: ResultBody.self, context: context)
            var errors: [Problem.FieldError] = []
            if body.workDone.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                errors.append(.init(field: "workDone", message: "must not be empty"))
            }
            if body.result.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                errors.append(.init(field: "result", message: "must not be empty"))
            }
            guard errors.isEmpty else { throw Problem.validation("invalid result", errors: errors) }
            let fields = Fields(workDone: body.workDone, result: body.result)
            return try await take(.result, fields, context: context, environment: environment)
        }
        router.post("/v1/service-requests/{id}/close") { _, context in
            try await take(.close, Fields(), context: context, environment: environment)
        }
    }

    private static func required(_ value: String, _ field: String) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw Problem.validation("invalid input: \(field)", errors: [.init(field: field, message: "must not be empty")])
        }
        return trimmed
    }

    /// Decides and applies `step` in one transaction, with its history row and any event.
    private static func take(
        _ step: ServiceRequestStep, _ fields: Fields, context: O2CRequestContext, environment: ServiceEnvironment
    ) async throws -> Response {
        let principal = try context.require(anyOf: step.roles)
        let id = try context.parameters.require("id")
        let now = environment.clock.now()
        let view = try await environment.pool.transaction { connection in
            guard let state = try await ServiceRequestStore.state(id, lock: true, on: connection) else {
                throw RuleViolation.notFound("no service request \(id)")
            }
            let decision = try state.decide(step, subject: principal.subject, roles: principal.roles)
            try await ServiceRequestStore.update(
                id, step: step, from: state.status, to: decision.status, technician: fields.technician,
                workDone: fields.workDone, result: fields.result, note: fields.note, by: decision.actor, at: now, on: connection)
            guard let view = try await ServiceRequestStore.view(id, on: connection) else {
                throw RuleViolation.notFound("no service request \(id)")
            }
            if step == .close {
                let event = ServiceRequestClosed(
                    serviceRequestId: id, orderId: view.orderId, complaintClass: view.complaintClass, result: view.result ?? "")
                try await environment.outbox.enqueue(
                    [try OutgoingMessage.event(event, correlationID: view.orderId, causationID: nil)], on: connection)
            }
            return view
        }
        return try JSONResponse(view).response()
    }
}
