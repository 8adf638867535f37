import Foundation
import Hummingbird
import O2CContracts
import O2CPostgres
import O2CRuntime

/// `GET /v1/worklist` (CONTRACT.md "The department's daily work"): returns and service requests at a step the
/// caller may take, decided by the same rules as the step itself (`ReturnStepRules`, `ServiceRequestState.decide`,
/// separation of duties included): a return's first review (branch_manager), inspection (technician) and approval
/// (sales_manager), due by the return saga's deadline for the step; a service request's confirmation and
/// assignment (sales_manager), contact and result (its technician, or customer_service for a non-quality
/// complaint) and closing (sales_manager, or the salesperson who opened it). A role with no work here gets `[]`.
enum WorklistRoutes {
    static let roles: Set<Role> = ReturnRoutes.readers.union(ServiceRequestRoutes.readers)

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.get("/v1/worklist") { _, context in
            let principal = try context.require(anyOf: roles)
            let items = try await environment.pool.transaction(isolation: .repeatableRead) { connection in
                var items: [WorklistItem] = []
                if !principal.roles.isDisjoint(with: ReturnStepRules.approvers.union([.technician])) {
                    for entry in try await WorklistStore.returnsAtAStep(on: connection) {
                        if let item = returnItem(entry, for: principal) { items.append(item) }
                    }
                }
                let stepRoles = [ServiceRequestStep.confirm, .contact, .close].reduce(into: Set<Role>()) { $0.formUnion($1.roles) }
                if !principal.roles.isDisjoint(with: stepRoles) {
                    for request in try await WorklistStore.openServiceRequests(on: connection) {
                        if let item = serviceRequestItem(request, for: principal) { items.append(item) }
                    }
                }
                return items
            }
            return try JSONResponse(Worklist.ordered(items)).response()
        }
    }

    private static func returnItem(_ entry: WorklistStore.Return, for principal: Principal) -> WorklistItem? {
        let segment = Worklist.segment(entry.id)
        if let step = try? ReturnStepRules.approval(
            entry.facts, by: principal.subject, roles: principal.roles, deciding: "approve"
        ).0 {
            let what = step == .confirmation ? "Review" : "Approve the detail of"
            return WorklistItem(
                kind: step == .confirmation ? "return_confirmation" : "return_approval", id: entry.id,
                title: "\(what) \(entry.kind) \(entry.id) of order \(entry.orderId)", since: entry.since, dueBy: entry.dueBy,
                path: "/v1/returns/\(segment)/approvals")
        }
        if (try? ReturnStepRules.inspection(entry.facts, by: principal.subject, roles: principal.roles)) != nil {
            return WorklistItem(
                kind: "return_inspection", id: entry.id,
                title: "Authenticate the goods of \(entry.kind) \(entry.id) of order \(entry.orderId)",
                since: entry.since, dueBy: entry.dueBy, path: "/v1/returns/\(segment)/inspection")
        }
        return nil
    }

    private static func serviceRequestItem(_ request: WorklistStore.ServiceRequest, for principal: Principal) -> WorklistItem? {
        let step: ServiceRequestStep
        switch request.state.status {
        case .opened: step = .confirm
        case .confirmed: step = .assign
        case .assigned: step = .contact
        case .inProgress: step = .result
        case .resolved: step = .close
        case .closed: return nil
        }
        guard (try? request.state.decide(step, subject: principal.subject, roles: principal.roles)) != nil else { return nil }
        let id = request.state.id
        return WorklistItem(
            kind: "service_request_\(step.rawValue)", id: id,
            title: "\(step.rawValue.capitalized) service request \(id) of order \(request.orderId)", since: request.since, dueBy: nil,
            path: "/v1/service-requests/\(Worklist.segment(id))/\(step.rawValue)")
    }
}
