import Foundation
import O2CContracts

/// `GET /v1/service-requests/{id}`: the request as it stands, its contacts with the customer, and
/// every step taken on it with who, in which role, and when.
struct ServiceRequestView: Encodable, Sendable {
    struct Step: Encodable, Sendable {
        var action: String
        var fromStatus: String?
        var status: String
        var note: String?
        var by: String
        var role: String
        var at: Date
    }

    struct Contact: Encodable, Sendable {
        var note: String
        var by: String
        var role: String
        var at: Date
    }

    var id: String
    var orderId: String
    var customerId: String
    var sku: String?
    var description: String
    var complaintClass: String
    var status: String
    var technician: String?
    var workDone: String?
    var result: String?
    var createdBy: String
    var createdRole: String
    var createdAt: Date
    var contactLog: [Contact]
    var history: [Step]
}
