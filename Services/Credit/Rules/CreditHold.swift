/// Why a customer may take no new reservations (DOMAIN.md "Credit": an overdue invoice puts the
/// customer on hold until it is paid). One hold per overdue invoice.
package enum CreditHold: Sendable, Hashable, Codable {
    case overdueInvoice(invoiceId: String)

    /// The reason as `GET /v1/customers/{id}/credit` `holdReasons` shows it.
    package var reason: String {
        switch self {
        case .overdueInvoice(let invoiceId): "invoice \(invoiceId) is overdue"
        }
    }
}
