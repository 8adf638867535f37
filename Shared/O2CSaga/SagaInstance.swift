import Foundation

/// A saga state machine with the bookkeeping the engine adds around it: identity, an optimistic
/// version, the ids of the events already applied (so an exact redelivery changes nothing) and the
/// transitions taken. Still a value with no I/O.
package struct SagaInstance<Machine: SagaStateMachine>: Codable, Sendable, Equatable {
    package var id: String
    package var machine: Machine
    /// Incremented by every change; the store writes `WHERE version = old` as a second guard behind
    /// the row lock.
    package var version: Int
    /// Ids of recently applied events, newest last, capped at `appliedEventLimit`.
    package private(set) var appliedEventIDs: [String]
    package static var appliedEventLimit: Int { 500 }
    /// Deadlines already fired that the state machine still lists (an alert-only deadline such as
    /// "ship within 2 working days" leaves the saga waiting): they do not fire again, and they make
    /// the saga show as overdue.
    package private(set) var firedDeadlines: [SagaDeadline]

    package init(id: String, machine: Machine) {
        self.id = id
        self.machine = machine
        self.version = 0
        self.appliedEventIDs = []
        self.firedDeadlines = []
    }

    /// The earliest pending deadline, stored beside the state so the scheduler can find it by index.
    package var nextDeadline: Date? {
        machine.isFinished ? nil : machine.deadlines.filter { !firedDeadlines.contains($0) }.map(\.dueAt).min()
    }

    /// When the oldest deadline that passed without the saga moving on fell due; nil when none.
    package var overdueSince: Date? {
        machine.isFinished ? nil : machine.deadlines.filter { firedDeadlines.contains($0) }.map(\.dueAt).min()
    }

    /// Applies an event unless an event with the same id was already applied or the saga is finished.
    package mutating func apply(_ event: Machine.Event, eventID: String, at now: Date) -> SagaOutcome<Machine.Command> {
        if appliedEventIDs.contains(eventID) { return .ignored(.duplicate) }
        if machine.isFinished { return .ignored(.finished) }
        let from = machine.stateName
        let commands = machine.on(event, at: now)
        remember(eventID)
        pruneFiredDeadlines()
        version += 1
        return .applied(SagaTransition(from: from, to: machine.stateName, trigger: eventID, at: now), commands)
    }

    /// Fires every deadline that is due at `now`, earliest first, each exactly once: a deadline the
    /// machine still lists after firing is remembered and not fired again.
    package mutating func fireDueDeadlines(now: Date) -> [(SagaTransition, [Machine.Command])] {
        var fired: [(SagaTransition, [Machine.Command])] = []
        while !machine.isFinished,
            let due = machine.deadlines.filter({ $0.dueAt <= now && !firedDeadlines.contains($0) })
                .min(by: { $0.dueAt < $1.dueAt })
        {
            let from = machine.stateName
            let commands = machine.deadlineReached(due, at: now)
            firedDeadlines.append(due)
            pruneFiredDeadlines()
            version += 1
            fired.append((SagaTransition(from: from, to: machine.stateName, trigger: "deadline:\(due.name)", at: now), commands))
        }
        return fired
    }

    private mutating func pruneFiredDeadlines() {
        let pending = machine.deadlines
        firedDeadlines.removeAll { !pending.contains($0) }
    }

    private mutating func remember(_ eventID: String) {
        appliedEventIDs.append(eventID)
        if appliedEventIDs.count > Self.appliedEventLimit {
            appliedEventIDs.removeFirst(appliedEventIDs.count - Self.appliedEventLimit)
        }
    }
}

/// What applying one event did.
package enum SagaOutcome<Command: Sendable>: Sendable {
    package enum IgnoredReason: String, Sendable { case duplicate, finished, notFound }
    case applied(SagaTransition, [Command])
    case ignored(IgnoredReason)
}

/// One transition, as recorded in the saga's timeline.
package struct SagaTransition: Codable, Hashable, Sendable {
    package var from: String
    package var to: String
    /// The id of the event that caused it, or `deadline:<name>`.
    package var trigger: String
    package var at: Date

    package init(from: String, to: String, trigger: String, at: Date) {
        self.from = from
        self.to = to
        self.trigger = trigger
        self.at = at
    }
}
