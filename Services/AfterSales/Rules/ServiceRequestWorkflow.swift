import O2CContracts

/// The lifecycle of a service request (售后服务申请, DOMAIN.md "After-sales and returns"):
/// opened → confirmed (sales_manager) → assigned to a technician (sales_manager) → in_progress once
/// the technician has contacted the customer → resolved with the work done and its result →
/// closed (sales_manager or the salesperson who opened it). Non-quality complaints may be worked by
/// customer_service instead of a technician (DOMAIN.md "Roles"). Pure: no I/O.
enum ServiceRequestStatus: String, CaseIterable, Codable, Sendable {
    case opened, confirmed, assigned
    case inProgress = "in_progress"
    case resolved, closed
}

enum ComplaintClass: String, CaseIterable, Codable, Sendable {
    case quality
    case nonQuality = "non_quality"
}

enum ServiceRequestStep: String, Sendable {
    case confirm, assign, contact, result, close

    /// Every role that may take this step on some request (the coarse check before loading it).
    var roles: Set<Role> {
        switch self {
        case .confirm, .assign: [.salesManager]
        case .contact, .result: [.technician, .customerService]
        case .close: [.salesManager, .salesperson]
        }
    }
}

/// What the workflow needs to know about a stored request to decide a step.
struct ServiceRequestState: Sendable {
    var id: String
    var status: ServiceRequestStatus
    var complaintClass: ComplaintClass
    var technician: String?
    var createdBy: String
    var createdRole: String

    /// Who takes `step` (the caller in the role that allows it) and the status it leads to.
    func decide(
        _ step: ServiceRequestStep, subject: String, roles: Set<Role>
    ) throws(RuleViolation)
        -> (actor: Author, status: ServiceRequestStatus)
    {
        let role = try allowedRole(step, subject: subject, roles: roles)
        let from: Set<ServiceRequestStatus>
        let to: ServiceRequestStatus
        switch step {
        case .confirm: (from, to) = ([.opened], .confirmed)
        case .assign: (from, to) = ([.confirmed, .assigned], .assigned)
        case .contact: (from, to) = ([.assigned, .inProgress], .inProgress)
        case .result: (from, to) = ([.inProgress], .resolved)
        case .close: (from, to) = ([.resolved], .closed)
        }
        guard from.contains(status) else {
            let expected = from.map(\.rawValue).sorted().joined(separator: " or ")
            throw RuleViolation.invalidState("service request \(id) is \(status.rawValue); \(step.rawValue) needs it \(expected)")
        }
        return (Author(subject: subject, role: role.rawValue), to)
    }

    private func allowedRole(_ step: ServiceRequestStep, subject: String, roles: Set<Role>) throws(RuleViolation) -> Role {
        switch step {
        case .confirm, .assign:
            guard roles.contains(.salesManager) else { throw .forbidden("only a sales_manager may \(step.rawValue) a service request") }
            return .salesManager
        case .contact, .result:
            if roles.contains(.technician), technician == nil || technician == subject { return .technician }
            if roles.contains(.customerService), complaintClass == .nonQuality { return .customerService }
            if roles.contains(.technician) {
                throw .forbidden("service request \(id) is assigned to technician \(technician ?? "-"), not \(subject)")
            }
            throw .forbidden(
                complaintClass == .quality
                    ? "a quality complaint is worked by the technical department (technician)"
                    : "this step needs a technician, or customer_service for a non-quality complaint")
        case .close:
            if roles.contains(.salesManager) { return .salesManager }
            if roles.contains(.salesperson), createdRole == Role.salesperson.rawValue, createdBy == subject { return .salesperson }
            throw .forbidden("only a sales_manager or the salesperson who opened service request \(id) may close it")
        }
    }
}
