import Foundation
import O2CContracts
import O2CSaga
import Testing

/// Every waiting step of a return has a configurable deadline (working days on the business calendar;
/// the replacement's delivery in calendar days); its expiry raises ReturnStepOverdue once and the saga
/// keeps waiting, shown overdue.
@Suite("Return saga: step deadlines")
struct ReturnSagaDeadlineTests {
    typealias Saga = ReturnSaga
    typealias T = ReturnSagaTests
    static let day: TimeInterval = 86_400

    /// Fires deadlines at `time` and returns the overdue alerts sent.
    func fire(_ saga: inout SagaInstance<Saga>, at time: Date) -> [Saga.Command] {
        saga.fireDueDeadlines(now: time).flatMap(\.1)
    }

    @Test(
        "each step's deadline fires once, from when the step began",
        arguments: [
            // (events to reach the step, step, days after Monday 10:00 when it falls due)
            ([Saga.Event](), "confirmation", 1.0),
            ([.confirmed(by: "b", comment: nil)], "inspection", 3.0),
            (Array(T.approvedPath.prefix(2)), "approval", 1.0),
            (T.approvedPath, "return_note", 1.0),
            (T.approvedPath + [.returnNoteIssued(noteId: "rn")], "receipt", 7.0),  // 5 working days: Monday → next Monday
            (T.approvedPath + [.received(lines: T.received, at: T.monday)], "credit_note", 1.0),
        ])
    func stepDeadline(_ events: [Saga.Event], _ step: String, _ days: Double) {
        var (saga, _) = T.started()
        _ = T.run(&saga, events)
        let due = T.monday.addingTimeInterval(days * Self.day)
        #expect(saga.nextDeadline == due)
        #expect(fire(&saga, at: due.addingTimeInterval(-1)).isEmpty)
        #expect(fire(&saga, at: due) == [.alertStepOverdue(step: step, dueAt: due)])
        #expect(fire(&saga, at: due.addingTimeInterval(Self.day)).isEmpty, "fires once")
        #expect(saga.overdueSince == due)
        #expect(!saga.machine.isFinished)
    }

    @Test("an exchange: replacement dispatch within 2 working days, delivery within 10 calendar days")
    func exchangeDeadlines() {
        var (saga, _) = T.started(.exchange)
        _ = T.run(&saga, T.approvedPath + [.received(lines: T.received, at: T.monday)])
        #expect(saga.nextDeadline == T.monday.addingTimeInterval(2 * Self.day))
        let dispatchedAt = T.monday.addingTimeInterval(4 * Self.day)  // Friday
        _ = T.run(&saga, [.replacementDispatched(noteId: "dn", at: dispatchedAt)])
        let due = dispatchedAt.addingTimeInterval(10 * Self.day)
        #expect(saga.machine.deadlines == [SagaDeadline(name: "replacement_delivery", dueAt: due)])
        #expect(fire(&saga, at: due) == [.alertStepOverdue(step: "replacement_delivery", dueAt: due)])
    }

    @Test("moving on clears the overdue mark; the next step gets its own deadline")
    func movingOn() {
        var (saga, _) = T.started()
        let late = T.monday.addingTimeInterval(2 * Self.day)
        _ = fire(&saga, at: late)
        #expect(saga.overdueSince != nil)
        _ = T.run(&saga, [.confirmed(by: "b", comment: nil)], at: late)
        #expect(saga.overdueSince == nil)
        #expect(saga.machine.deadlines.map(\.name) == ["inspection"])
    }

    @Test("configurable: a 2-working-day confirmation from Friday falls due on Tuesday")
    func configurable() {
        let friday = T.monday.addingTimeInterval(4 * Self.day)
        let (machine, _) = Saga.start(request: T.request(), settings: Saga.Settings(confirmationWorkingDays: 2), at: friday)
        #expect(machine.deadlines == [SagaDeadline(name: "confirmation", dueAt: T.monday.addingTimeInterval(8 * Self.day))])
    }

    @Test("final states have no deadlines")
    func finalStates() {
        var (saga, _) = T.started()
        _ = T.run(&saga, [.confirmationRejected(by: "b", comment: nil)])
        #expect(saga.machine.deadlines.isEmpty)
        #expect(saga.nextDeadline == nil)
    }
}
