import Foundation

/// What the orders routes need to know of a customer.
struct CustomerFacts {
    var id: String
    var name: String
    var channel: Channel
    var deliveryAddress: String
}

/// The customer archive (客户档案) in full, as the five archive-reading roles see it.
struct CustomerArchive: Encodable {
    struct Contact: Codable {
        var person: String
        var phone: String
    }

    var id: String
    var name: String
    var channel: Channel
    var contact: Contact
    var deliveryAddress: String
    /// The owning salesperson's `sub`, and the region (CONTRACT.md "The department's daily work").
    var owner: String?
    var region: String?
    var createdBy: String
    var createdAt: Date
}

/// One full read of a customer's archive (`archive_reads`).
struct ArchiveRead: Encodable {
    var readBy: String
    var role: String
    var at: Date
}
