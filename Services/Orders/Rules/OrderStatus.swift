/// An order's status (DOMAIN.md "Quotes, bids and contracts"): an order from a signed contract is `in_progress` at
/// once; a phone or fax order is `awaiting_confirmation` until sales_manager confirms it; the saga host sets
/// `completed` or `cancelled` when the saga ends, and a cancellation before confirmation ends it `cancelled`.
enum OrderStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case awaitingConfirmation = "awaiting_confirmation"
    case inProgress = "in_progress"
    case completed, cancelled

    /// Whether the order still takes a change request.
    var isOpen: Bool {
        switch self {
        case .awaitingConfirmation, .inProgress: true
        case .completed, .cancelled: false
        }
    }
}
