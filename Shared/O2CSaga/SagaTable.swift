import Foundation
import O2CContracts

/// A saga read as one table of states: for each phase, what it waits for, the deadlines that run in it and
/// the commands it sends on entering it (the `+Phases.swift` of each saga). The machine derives its phase
/// from its facts, so it stays order-tolerant; the table is what the phase *means*, and the machine's
/// `awaiting` and `deadlines` are read from it. ARCHITECTURE.md's state tables are this table, checked by a
/// test (`SagaPhaseTableTests`).
package protocol SagaTable: SagaStateMachine {
    associatedtype Phase: RawRepresentable<String>, CaseIterable, Sendable, Hashable
    associatedtype Deadline: RawRepresentable<String>, CaseIterable, Sendable, Hashable
    associatedtype CommandKey: SagaCommandKey

    var phase: Phase { get }
    /// The phase whose deadlines run now: the phase itself, or the step a transient phase shows over.
    var deadlinePhase: Phase { get }
    /// The row of `phase` in the saga's table.
    static func row(_ phase: Phase) -> SagaPhaseRow<Deadline, CommandKey>
    /// When `deadline` falls due given the facts; nil when it does not run (its step has happened).
    func due(_ deadline: Deadline) -> Date?
    /// What the saga does when `deadline`, due at `dueAt`, has passed.
    mutating func reached(_ deadline: Deadline, dueAt: Date, at now: Date) -> [Command]
}

/// A command's name in the table, and the message it goes out as.
package protocol SagaCommandKey: RawRepresentable<String>, Sendable, Hashable {
    /// The routing key (or keys) the host sends it as, for the documentation.
    var sentAs: String { get }
}

/// One state of a saga's table.
package struct SagaPhaseRow<Deadline: Sendable & Hashable, CommandKey: Sendable & Hashable>: Sendable, Hashable {
    /// What the phase waits for: events (by routing key) or people's decisions.
    package var awaits: [SagaAwait]
    /// The deadlines that may run while the saga is in the phase, in the order they are listed.
    package var deadlines: [Deadline]
    /// The commands sent on entering the phase (or while in it, once what they need is known).
    package var entry: [CommandKey]
    /// A word on the phase for the table, when the columns do not say everything.
    package var note: String?

    package init(awaits: [SagaAwait], deadlines: [Deadline] = [], entry: [CommandKey] = [], note: String? = nil) {
        self.awaits = awaits
        self.deadlines = deadlines
        self.entry = entry
        self.note = note
    }
}

/// Something a saga waits for: an event of the contracts catalogue, or a person's decision.
package struct SagaAwait: Sendable, Hashable, CustomStringConvertible {
    package var what: String
    package var qualifier: String?
    /// An event by routing key (else a decision, described in words).
    package var isEvent: Bool

    /// The event `E`, by its routing key, e.g. `finance.invoice_paid.v1 (deposit)`.
    package static func event<E: EventContract>(_ type: E.Type, _ qualifier: String? = nil) -> SagaAwait {
        SagaAwait(what: E.routingKey, qualifier: qualifier, isEvent: true)
    }

    /// A decision people make over HTTP (or a change request's settlement).
    package static func decision(_ text: String) -> SagaAwait { SagaAwait(what: text, qualifier: nil, isEvent: false) }

    package var description: String { qualifier.map { "\(what) (\($0))" } ?? what }
}

extension SagaTable {
    package var stateName: String { phase.rawValue }

    /// The deadlines of the phase's row that run now, with their due times.
    package var deadlines: [SagaDeadline] {
        Self.row(deadlinePhase).deadlines.compactMap { deadline in
            due(deadline).map { SagaDeadline(name: deadline.rawValue, dueAt: $0) }
        }
    }

    /// A stored deadline by its name; one this version of the saga no longer knows does nothing.
    package mutating func deadlineReached(_ deadline: SagaDeadline, at now: Date) -> [Command] {
        guard let typed = Deadline(rawValue: deadline.name) else { return [] }
        return reached(typed, dueAt: deadline.dueAt, at: now)
    }

    /// The table as markdown, the form ARCHITECTURE.md shows it in.
    package static var markdownTable: String {
        var lines = ["| state | waits for | deadlines | on entry it sends |", "|---|---|---|---|"]
        for phase in Phase.allCases {
            let row = row(phase)
            let awaits = row.awaits.map { ($0.isEvent ? "`\($0.what)`" : $0.what) + ($0.qualifier.map { " (\($0))" } ?? "") }
            let waits = awaits.joined(separator: ", ") + (row.note.map { awaits.isEmpty ? $0 : "; \($0)" } ?? "")
            lines.append(
                "| `\(phase.rawValue)` | \(waits) | \(row.deadlines.map { "`\($0.rawValue)`" }.joined(separator: ", ")) | "
                    + "\(row.entry.map(\.sentAs).joined(separator: ", ")) |")
        }
        return lines.joined(separator: "\n")
    }
}
