/// customer_service's two contacts with the customer that the saga waits for (DOMAIN.md "Roles").
enum CustomerContactKind: String, Codable, Sendable, Hashable {
    /// The customer confirmed the order (within 4 hours).
    case orderConfirmation = "order_confirmation"
    /// The customer was told what shipped (within 2 working days of dispatch).
    case shipmentNotice = "shipment_notice"
}
