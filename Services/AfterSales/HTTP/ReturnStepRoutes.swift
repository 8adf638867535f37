import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import O2CSaga

/// The people's decisions on a return (DOMAIN.md "After-sales and returns", "Roles"): branch_manager's
/// confirmation and sales_manager's approval of the return detail (`/approvals`, which one follows from
/// the return's state), and the technician's authentication of the goods (`/inspection`); the
/// requester takes none of them and one person one only (`ReturnStepRules`).
enum ReturnStepRoutes {
    struct ApprovalBody: Decodable {
        var decision: String
        var comment: String?
    }

    struct InspectionBody: Decodable {
        var genuine: Bool
        var notes: String?
    }

    struct Decided: Encodable, Sendable {
        var id: String
        var status: String
    }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        let host = ReturnSagaHost(environment: environment)
        router.post("/v1/returns/{id}/approvals") { request, context in
            let principal = try context.require(anyOf: ReturnStepRules.approvers)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: ApprovalBody.self, context: context)
            guard body.decision == "approve" || body.decision == "reject" else {
                throw Problem.validation("invalid decision", errors: [.init(field: "decision", message: "must be approve or reject")])
            }
            let approve = body.decision == "approve"
            return try await decide(id, environment: environment, host: host) { facts throws(RuleViolation) in
                let (step, role) = try ReturnStepRules.approval(
                    facts, by: principal.subject, roles: principal.roles, deciding: body.decision)
                let actor = Author(subject: principal.subject, role: role.rawValue)
                let event: ReturnSaga.Event =
                    switch (step, approve) {
                    case (.confirmation, true): .confirmed(by: actor.subject, comment: body.comment)
                    case (.confirmation, false): .confirmationRejected(by: actor.subject, comment: body.comment)
                    case (_, true): .approved(by: actor.subject, comment: body.comment)
                    case (_, false): .approvalRejected(by: actor.subject, comment: body.comment)
                    }
                return (event, actor, body.comment)
            }
        }

        router.post("/v1/returns/{id}/inspection") { request, context in
            let principal = try context.require(.technician)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: InspectionBody.self, context: context)
            return try await decide(id, environment: environment, host: host) { facts throws(RuleViolation) in
                let role = try ReturnStepRules.inspection(facts, by: principal.subject, roles: principal.roles)
                let actor = Author(subject: principal.subject, role: role.rawValue)
                return (.inspected(genuine: body.genuine, by: actor.subject, notes: body.notes), actor, body.notes)
            }
        }
    }

    /// Locks the return, lets the rule decide from its state and who took its steps, and applies the
    /// decision to its saga, in one transaction.
    private static func decide(
        _ id: String, environment: ServiceEnvironment, host: ReturnSagaHost,
        _ rule: @escaping @Sendable (ReturnStepRules.Facts) throws(RuleViolation) -> (ReturnSaga.Event, Author, String?)
    ) async throws -> Response {
        let now = environment.clock.now()
        let status = try await environment.pool.transaction { connection in
            guard let facts = try await ReturnStore.lockedFacts(id, on: connection) else { throw RuleViolation.notFound("no return \(id)") }
            let state = facts.state.rawValue
            let (event, actor, comment) = try rule(facts)
            let applied = try await host.apply(
                event, eventID: "decision:\(id):\(state)", to: id, actor: actor, comment: comment, causationID: nil, on: connection, at: now
            )
            guard applied else { throw RuleViolation.invalidState("return \(id) is \(state)") }
            return try await ReturnStore.lockedStatus(id, on: connection) ?? state
        }
        return try JSONResponse(Decided(id: id, status: status)).response()
    }
}
