import Foundation

/// One contact of customer_service with the customer that the saga waits for: who made it, when, whom they spoke
/// to and what was said.
struct CustomerContact: Encodable {
    var id: String
    var orderId: String
    var kind: CustomerContactKind
    var contact: String
    var note: String
    var recordedBy: String
    var recordedAt: Date
}
