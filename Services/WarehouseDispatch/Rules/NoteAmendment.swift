/// What an approved order amendment (DOMAIN.md "Order amendments", 更改合同条款) does to the order's
/// sale note. Before picking the note takes the amended quantities; picked but not handed over, the
/// picked goods go back to reserved and the note is picked again; after hand-over it is ignored, since
/// orders refuses amendments after dispatch and only returns apply then.
enum NoteAmendment: Sendable, Hashable {
    /// Replace the note's lines with these quantities and reserve them again; `unpick` when picked goods
    /// go back to reserved.
    case replaceLines(PickList, unpick: Bool)
    /// Nothing to do, and why.
    case ignore(String)

    static func decide(status: DispatchStatus, ordered: PickList, amended: PickList) -> NoteAmendment {
        if amended.quantities.isEmpty { return .ignore("the amendment leaves no goods: a cancellation is its own request") }
        let unchanged = ordered == amended
        switch status {
        case .backordered, .issued:
            return unchanged ? .ignore("the quantities did not change") : .replaceLines(amended, unpick: false)
        case .picked:
            return unchanged ? .ignore("the quantities did not change: the pick stands") : .replaceLines(amended, unpick: true)
        case .handedOver, .dispatched, .delivered:
            return .ignore("the goods were handed over: only a return applies")
        case .cancelled, .received, .discrepancy:
            return .ignore("the note is \(status.rawValue)")
        }
    }
}
