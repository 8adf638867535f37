import Foundation
import O2CContracts
import O2CSaga
import Testing

/// The return saga under what a broker does: the same fact twice, facts out of order, decisions out of
/// turn, and a counted difference at intake (DOMAIN.md "After-sales and returns": the warehouse receives
/// exactly the listed quantities).
@Suite("Return saga: duplicated and reordered facts")
struct ReturnSagaOrderingTests {
    typealias Saga = ReturnSaga
    typealias T = ReturnSagaTests

    @Test("the same fact under another message id sends nothing twice")
    func duplicates() throws {
        var (saga, _) = T.started()
        let events = T.approvedPath + [.returnNoteIssued(noteId: "rn-1"), .received(lines: T.received, at: T.monday)]
        let first = T.run(&saga, events)
        let again = T.run(&saga, events + [.returnNoteIssued(noteId: "rn-2"), .received(lines: [], at: T.monday)])
        #expect(first.count == 4, "confirmed and inspected announced, ReturnApproved, CreditNoteRequested")
        #expect(again.isEmpty)
        #expect(try saga.machine.receivedAmount == Money("3501.00"), "the first count stands")
    }

    @Test("the receipt before the note (reordered) still asks for the credit note once, and the late note changes nothing")
    func receiptBeforeNote() {
        var (saga, _) = T.started()
        _ = T.run(&saga, T.approvedPath)
        let commands = T.run(&saga, [.received(lines: T.received, at: T.monday)])
        #expect(commands.count == 1)
        #expect(saga.machine.stateName == "awaiting_credit_note")
        #expect(T.run(&saga, [.returnNoteIssued(noteId: "rn-1")]).isEmpty)
        #expect(saga.machine.stateName == "awaiting_credit_note")
    }

    @Test("replacement delivered before dispatched (reordered) ends exchanged; the late dispatch is ignored")
    func deliveredBeforeDispatched() {
        var (saga, _) = T.started(.exchange)
        _ = T.run(&saga, T.approvedPath + [.returnNoteIssued(noteId: "rn-1"), .received(lines: T.received, at: T.monday)])
        #expect(T.run(&saga, [.replacementDelivered(at: T.monday)]) == [.close(outcome: "exchanged", reason: nil)])
        if case .ignored(let reason) = saga.apply(.replacementDispatched(noteId: "dn", at: T.monday), eventID: "x", at: T.monday) {
            #expect(reason == .finished)
        } else {
            Issue.record("a finished saga must ignore the late dispatch")
        }
    }

    @Test("a discrepancy shows as receipt_discrepancy until the goods are received")
    func discrepancy() {
        var (saga, _) = T.started()
        _ = T.run(&saga, T.approvedPath + [.returnNoteIssued(noteId: "rn-1")])
        #expect(T.run(&saga, [.discrepancyFound]).isEmpty)
        #expect(saga.machine.stateName == "receipt_discrepancy")
        #expect(saga.machine.deadlines.map(\.name) == ["receipt"], "the receipt deadline still runs")
        #expect(
            T.run(&saga, [.received(lines: [CountedLine(sku: "FL-100", quantity: 1)], at: T.monday)])
                == [
                    .requestCreditNote(
                        lines: [ReturnLine(sku: "FL-100", quantity: 1, unitPrice: Money("1000.00")!)], amount: Money("1000.00")!)
                ])
    }

    @Test("decisions out of turn change nothing: approval before inspection, inspection before confirmation")
    func outOfTurn() {
        var (saga, _) = T.started()
        #expect(T.run(&saga, [.approved(by: "mia", comment: nil), .inspected(genuine: true, by: "tina", notes: nil)]).isEmpty)
        #expect(saga.machine.stateName == "awaiting_confirmation")
        #expect(T.run(&saga, [.approvalRejected(by: "mia", comment: nil)]).isEmpty)
        #expect(saga.machine.stateName == "awaiting_confirmation")
    }

    @Test("a credit note for an exchange, or a replacement for a return, does not end it the wrong way")
    func wrongKindFacts() {
        var (saga, _) = T.started(.exchange)
        _ = T.run(&saga, T.approvedPath + [.received(lines: T.received, at: T.monday)])
        _ = T.run(&saga, [.creditNoteIssued(creditNoteId: "cn", amount: .zero, offset: .zero, refunded: .zero)])
        #expect(saga.machine.stateName == "awaiting_replacement_dispatch")
    }
}
