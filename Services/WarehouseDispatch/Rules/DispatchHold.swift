import O2CContracts

extension RuleViolation.Code {
    /// A cancellation or amendment of the order is being applied: the note is on hold (HTTP 409).
    package static let changePending = Self(rawValue: "change_pending")
}

/// The semantic lock of a change request (CONTRACT.md "Changes to an order"): while a cancellation or an
/// amendment of the order is being applied, its sale note does not move — no pick, hand-over, gate pass or
/// release — so that what leaves the gate is what the order says once the change is decided.
enum DispatchHold {
    /// Throws `change_pending` when a change request holds the note. Return and replacement notes belong to a
    /// return, not to the order's change requests, and are never held.
    static func requireNone(kind: NoteKind, heldFor requestId: String?, noteId: String, step: String) throws(RuleViolation) {
        guard kind == .sale, let requestId else { return }
        throw RuleViolation(
            code: .changePending,
            detail: "dispatch note \(noteId) is on hold for change request \(requestId) (a cancellation or amendment being applied): "
                + "\(step) waits until the change is applied or rejected")
    }
}
