import Foundation
import O2CContracts

/// A saga as a value: its state, and a pure transition from (state, event, time) to a new state and
/// the messages it wants sent. No I/O: the driver (`O2CMessaging.SagaStore`) loads it, applies an event
/// inside the transaction that consumed the event, stores it with its outbox rows, and fires deadlines.
///
/// A state machine must tolerate what a broker does: the same event twice (the engine drops exact
/// duplicates by message id, but an equal event under another id must be harmless too) and events in
/// another order than the happy path (a fact that arrives early is remembered, not lost).
package protocol SagaStateMachine: Codable, Sendable, Equatable {
    associatedtype Event: Codable & Sendable
    associatedtype Command: Sendable

    /// Stored with every instance, e.g. `order-to-cash`.
    static var sagaType: String { get }

    /// The name of the current state, e.g. `awaiting_deposit`.
    var stateName: String { get }
    /// True once the saga reached a final state (completed, cancelled, ...); it then ignores events.
    var isFinished: Bool { get }
    /// The events it waits for now, for the "what is it waiting for" query.
    var awaiting: [String] { get }
    /// The deadlines pending in this state. Derived from the state, so a transition that leaves a
    /// state drops its deadlines by itself.
    var deadlines: [SagaDeadline] { get }
    /// The steps of the saga with their status and time, for `GET /v1/orders/{id}` and the timeline.
    var steps: [SagaStep] { get }

    /// Applies one event. Returns the commands and events to send, in order.
    mutating func on(_ event: Event, at now: Date) -> [Command]
    /// Called once for each deadline whose time has come while the saga is in the state that set it.
    mutating func deadlineReached(_ deadline: SagaDeadline, at now: Date) -> [Command]
    /// Refuses an event the machine cannot take as it is — one that would put an amount it computes
    /// beyond the bounds (a deposit, a credit note's value), a payment for an invoice not issued for the
    /// order — with a `RuleViolation` (`validation_failed`, `invoice_mismatch`): the driver checks before
    /// it applies the event, and a refused message is parked at once with the reason. Any other error holds the event back (nothing changes)
    /// and has its message retried on the delay tiers: an event the machine cannot take *yet*, e.g. a
    /// payment that overtook the issue of its invoice (`InvoiceNotYetIssued`).
    func check(_ event: Event, at now: Date) throws
}

extension SagaStateMachine {
    /// Every event is taken unless the machine says otherwise.
    package func check(_ event: Event, at now: Date) throws {}
}

/// A point in time by which the saga expects something, and what it does when it passes.
package struct SagaDeadline: Codable, Hashable, Sendable {
    package var name: String
    package var dueAt: Date
    package init(name: String, dueAt: Date) {
        self.name = name
        self.dueAt = dueAt
    }
}

/// One step of a saga as a user sees it.
package struct SagaStep: Codable, Hashable, Sendable {
    package enum Status: String, Codable, Sendable {
        case pending, done, skipped, failed, compensated
    }
    package var name: String
    package var status: Status
    package var at: Date?
    package init(name: String, status: Status, at: Date?) {
        self.name = name
        self.status = status
        self.at = at
    }
}

extension Sequence<SagaStep> {
    /// Whether the step called `name` has happened.
    package func isDone(_ name: String) -> Bool { contains { $0.name == name && $0.status == .done } }
}
