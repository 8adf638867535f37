import O2CContracts

/// What an approved order amendment does to the order's sale note (DOMAIN.md "Order amendments"). It
/// arrives while the change request holds the note (CONTRACT.md "Changes to an order": the gate is the point
/// of no return), so until the goods leave the note follows the order: what leaves the gate is what is billed.
enum NoteAmendment: Sendable, Hashable {
    /// What has to be undone before the note takes the new lines.
    enum Undo: Sendable, Hashable {
        /// Not picked yet: only the lines and the reservation change.
        case nothing
        /// Picked: the picked goods go back to reserved and the note is picked again.
        case pick
        /// Handed over, still inside the gate: the waybill is superseded, an unused gate pass voided, the pick
        /// undone; the note is picked and handed over again.
        case handover
    }

    /// Replace the note's lines with these quantities and reserve them again, after undoing `undo`.
    case replaceLines(PickList, undo: Undo)
    /// Nothing to do, and why.
    case ignore(String)

    static func decide(status: DispatchStatus, ordered: PickList, amended: PickList) -> NoteAmendment {
        if amended.quantities.isEmpty { return .ignore("the amendment leaves no goods: a cancellation is its own request") }
        let unchanged = ordered == amended
        switch status {
        case .backordered, .issued:
            return unchanged ? .ignore("the quantities did not change") : .replaceLines(amended, undo: .nothing)
        case .picked:
            return unchanged ? .ignore("the quantities did not change: the pick stands") : .replaceLines(amended, undo: .pick)
        case .handedOver:
            return unchanged ? .ignore("the quantities did not change: the hand-over stands") : .replaceLines(amended, undo: .handover)
        case .dispatched, .delivered:
            return .ignore("the goods left through the gate: only a return applies")
        case .cancelled, .received, .discrepancy:
            return .ignore("the note is \(status.rawValue)")
        }
    }
}
