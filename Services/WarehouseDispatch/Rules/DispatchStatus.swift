import O2CContracts

/// The life of a dispatch note (发货通知单), DOMAIN.md "Dispatch": issued → picked → handed_over →
/// dispatched (through the gate) → delivered; cancelled before dispatch; backordered while stock is short.
/// A return note (DOMAIN.md "After-sales and returns"): issued → received, or issued → discrepancy (a count
/// that differs, waiting for a recount or a sales_manager's acceptance) → received.
enum DispatchStatus: String, Sendable, Codable, CaseIterable {
    case backordered, issued, picked
    case handedOver = "handed_over"
    case dispatched, delivered, cancelled
    case received, discrepancy

    /// Whether the goods have left: after that only returns apply, never a cancellation.
    var hasLeft: Bool {
        switch self {
        case .dispatched, .delivered: true
        case .backordered, .issued, .picked, .handedOver, .cancelled, .received, .discrepancy: false
        }
    }

    /// Still waiting to leave: what a production stocking plan lists.
    var isOpen: Bool {
        switch self {
        case .backordered, .issued, .picked, .handedOver: true
        case .dispatched, .delivered, .cancelled, .received, .discrepancy: false
        }
    }

    /// Throws `invalid_state` unless the note is in `expected` before `step`.
    func require(_ expected: DispatchStatus, for step: String) throws(RuleViolation) {
        guard self == expected else {
            throw .invalidState("\(step) needs a note that is \(expected.rawValue); this one is \(rawValue)")
        }
    }
}
