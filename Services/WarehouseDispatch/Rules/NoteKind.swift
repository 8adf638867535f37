import O2CContracts

/// What a dispatch note moves (DOMAIN.md "Dispatch", "After-sales and returns"): the order's goods out
/// (`sale`, 销售出库单), a return's goods back in (`return`, the reversing 红字销售出库单), or an
/// exchange's replacement goods out (`replacement`).
enum NoteKind: String, Sendable, Codable, CaseIterable {
    case sale, `return`, replacement

    /// Outbound notes are picked, handed over and let out through the gate; a return note is received.
    var isOutbound: Bool {
        switch self {
        case .sale, .replacement: true
        case .return: false
        }
    }

    /// Throws `invalid_state` unless the note is of `expected` kind before `step`.
    func require(_ expected: NoteKind, for step: String) throws(RuleViolation) {
        guard self == expected else { throw .invalidState("\(step) needs a \(expected.rawValue) note; this one is a \(rawValue) note") }
    }

    /// Throws `invalid_state` unless the note goes out (picking and the gate are for outbound notes).
    func requireOutbound(for step: String) throws(RuleViolation) {
        guard isOutbound else {
            throw .invalidState("\(step) is for outbound notes; this one is a \(rawValue) note, received with return-receipt")
        }
    }
}
