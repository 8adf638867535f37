import O2CContracts
import Testing

@testable import WarehouseDispatch

@Suite("An order amendment reaching the sale note (DOMAIN.md \"Order amendments\": before dispatch; after it only returns apply)")
struct NoteAmendmentTests {
    let ordered = PickList(stored: [("FL-100", 10)])
    let amended = PickList(stored: [("FL-100", 6), ("FL-200", 2)])

    @Test("before picking the note takes the amended quantities", arguments: [DispatchStatus.issued, .backordered])
    func beforePick(status: DispatchStatus) {
        #expect(NoteAmendment.decide(status: status, ordered: ordered, amended: amended) == .replaceLines(amended, undo: .nothing))
    }

    @Test("picked but not handed over: the pick is undone and the note picked again")
    func afterPick() {
        #expect(NoteAmendment.decide(status: .picked, ordered: ordered, amended: amended) == .replaceLines(amended, undo: .pick))
    }

    @Test("handed over but still inside the gate (CONTRACT.md: the gate is the point of no return): the hand-over is undone")
    func afterHandover() {
        #expect(NoteAmendment.decide(status: .handedOver, ordered: ordered, amended: amended) == .replaceLines(amended, undo: .handover))
        guard case .ignore = NoteAmendment.decide(status: .handedOver, ordered: ordered, amended: ordered) else {
            Issue.record("the same quantities keep the hand-over")
            return
        }
    }

    @Test(
        "once the goods left, and on a voided note, the amendment is ignored",
        arguments: [DispatchStatus.dispatched, .delivered, .cancelled])
    func ignored(status: DispatchStatus) {
        guard case .ignore = NoteAmendment.decide(status: status, ordered: ordered, amended: amended) else {
            Issue.record("expected the amendment to be ignored when \(status.rawValue)")
            return
        }
    }

    @Test("a price-only amendment leaves the note and its pick alone; one that removes every line is not a cancellation")
    func unchangedOrEmpty() {
        for status in [DispatchStatus.issued, .picked, .handedOver] {
            guard case .ignore = NoteAmendment.decide(status: status, ordered: ordered, amended: PickList(stored: [("FL-100", 10)])) else {
                Issue.record("expected no change when \(status.rawValue)")
                continue
            }
        }
        guard case .ignore = NoteAmendment.decide(status: .issued, ordered: ordered, amended: PickList(stored: [("FL-100", 0)])) else {
            Issue.record("expected an empty amendment to be ignored")
            return
        }
    }

    @Test("a held sale note refuses every step with change_pending; return and replacement notes are never held")
    func hold() {
        let refusal = #expect(throws: RuleViolation.self) {
            try DispatchHold.requireNone(kind: .sale, heldFor: "r-1", noteId: "DN-1", step: "picking")
        }
        #expect(refusal?.code == .changePending)
        #expect(refusal?.detail.contains("r-1") == true, "names the change request")
        #expect(throws: Never.self) { try DispatchHold.requireNone(kind: .sale, heldFor: nil, noteId: "DN-1", step: "picking") }
        #expect(throws: Never.self) { try DispatchHold.requireNone(kind: .replacement, heldFor: "r-1", noteId: "DN-2", step: "picking") }
    }

    @Test("picking, the gate and delivery are for outbound notes; a return note is received instead")
    func kinds() {
        #expect(throws: RuleViolation.self) { try NoteKind.return.requireOutbound(for: "picking") }
        #expect(throws: Never.self) { try NoteKind.replacement.requireOutbound(for: "picking") }
        #expect(throws: RuleViolation.self) { try NoteKind.sale.require(.return, for: "a return receipt") }
    }
}
