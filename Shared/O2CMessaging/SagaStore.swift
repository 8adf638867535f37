import Foundation
import Logging
import O2CContracts
import O2CPostgres
import O2CSaga

/// Keeps saga instances of one type in the owning service's schema and applies events to them inside
/// the caller's transaction. The row is locked (`SELECT ... FOR UPDATE`) for the rest of the
/// transaction, so two instances of the service handling two events of one saga serialise; the
/// version column is checked on write as a second guard.
package struct SagaStore<Machine: SagaStateMachine>: Sendable {
    package let schema: String
    package let service: String

    package init(schema: String, service: String) {
        self.schema = schema
        self.service = service
    }

    /// Creates the saga unless it exists, recording who started it. Returns false when it already existed.
    @discardableResult
    package func create(
        _ instance: SagaInstance<Machine>, at now: Date, by actor: Author? = nil, on connection: PostgresConnection
    ) async throws -> Bool {
        let row = try Row(instance)
        let result = try await connection.query(
            """
            insert into \(identifier: schema).sagas (id, type, state_name, finished, awaiting, next_deadline, overdue_since, version,
                                           instance, steps, created_at, updated_at)
            values (\(instance.id), \(Machine.sagaType), \(row.stateName), \(row.finished), \(row.awaiting, as: "text[]"), \(row.nextDeadline),
                    \(row.overdueSince), \(instance.version), \(row.json, as: "jsonb"), \(row.steps, as: "jsonb"), \(now), \(now))
            on conflict (type, id) do nothing
            """)
        if result.affectedRows == 1 {
            try await recordTransition(
                instance.id, seq: 0, SagaTransition(from: "", to: instance.machine.stateName, trigger: "start", at: now),
                actor: actor, on: connection)
        }
        return result.affectedRows == 1
    }

    /// Loads the saga without locking it (for a read that changes nothing).
    package func find(_ id: String, on connection: PostgresConnection) async throws -> SagaInstance<Machine>? {
        try await load(id, lock: false, on: connection)
    }

    /// Loads and locks the saga for the rest of the transaction.
    package func lock(_ id: String, on connection: PostgresConnection) async throws -> SagaInstance<Machine>? {
        try await load(id, lock: true, on: connection)
    }

    private func load(_ id: String, lock: Bool, on connection: PostgresConnection) async throws -> SagaInstance<Machine>? {
        let result = try await connection.query(
            "select instance::text as instance from \(identifier: schema).sagas where type = \(Machine.sagaType) and id = \(id)"
                + (lock ? " for update" : ""))
        guard let row = result.rows.first else { return nil }
        return try JSONCoding.decoder.decode(SagaInstance<Machine>.self, from: Data(try row.string("instance").utf8))
    }

    /// Applies an event to a locked saga, stores it, and returns the commands to send. An event the
    /// machine refuses (`SagaStateMachine.check`) throws its `RuleViolation` and changes nothing.
    package func apply(
        _ event: Machine.Event, eventID: String, to id: String, at now: Date, actor: Author? = nil, on connection: PostgresConnection
    ) async throws -> SagaOutcome<Machine.Command> {
        switch try await move(event, eventID: eventID, to: id, at: now, actor: actor, on: connection) {
        case .moved(let move): .applied(move.transition, move.commands)
        case .ignored(let reason): .ignored(reason)
        }
    }

    /// Locks and loads the saga once, applies the event, stores the result and returns it with the saga as it
    /// now is, so that the caller can carry out the commands without loading it again.
    package func move(
        _ event: Machine.Event, eventID: String, to id: String, at now: Date, actor: Author? = nil, on connection: PostgresConnection
    ) async throws -> SagaMoveOutcome<Machine> {
        guard var instance = try await lock(id, on: connection) else { return .ignored(.notFound) }
        try instance.machine.check(event, at: now)
        let previousVersion = instance.version
        switch instance.apply(event, eventID: eventID, at: now) {
        case .applied(let transition, let commands):
            try await save(instance, previousVersion: previousVersion, transitions: [transition], actor: actor, on: connection)
            return .moved(SagaMove(instance: instance, transition: transition, commands: commands))
        case .ignored(let reason):
            return .ignored(reason)
        }
    }

    /// Stores a changed instance and its transitions.
    package func save(
        _ instance: SagaInstance<Machine>, previousVersion: Int, transitions: [SagaTransition], actor: Author? = nil,
        on connection: PostgresConnection
    ) async throws {
        let now = transitions.last?.at ?? Date()
        let row = try Row(instance)
        let result = try await connection.query(
            """
            update \(identifier: schema).sagas
            set state_name = \(row.stateName), finished = \(row.finished), awaiting = \(row.awaiting, as: "text[]"),
                next_deadline = \(row.nextDeadline), overdue_since = \(row.overdueSince), version = \(instance.version),
                instance = \(row.json, as: "jsonb"), steps = \(row.steps, as: "jsonb"), updated_at = \(now)
            where id = \(instance.id) and type = \(Machine.sagaType) and version = \(previousVersion)
            """)
        guard result.affectedRows == 1 else {
            throw MessagingError.concurrentModification("saga \(Machine.sagaType)/\(instance.id) at version \(previousVersion)")
        }
        for (offset, transition) in transitions.enumerated() {
            try await recordTransition(instance.id, seq: previousVersion + offset + 1, transition, actor: actor, on: connection)
            MessagingMetrics.sagaTransition(service: service, sagaType: Machine.sagaType, to: transition.to)
        }
    }

    private func recordTransition(
        _ id: String, seq: Int, _ transition: SagaTransition, actor: Author?, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            insert into \(identifier: schema).saga_transitions (saga_type, saga_id, seq, trigger, from_state, to_state, actor, role, at)
            values (\(Machine.sagaType), \(id), \(seq), \(transition.trigger), \(transition.from), \(transition.to), \(actor?.subject), \(actor?.role), \(transition.at))
            """)
    }

    /// The columns a saga's row keeps beside its JSON, for the queries that find sagas without decoding them.
    private struct Row {
        var stateName: String
        var finished: Bool
        var awaiting: [String]
        var nextDeadline: Date?
        var overdueSince: Date?
        var json: String
        var steps: String

        init(_ instance: SagaInstance<Machine>) throws {
            stateName = instance.machine.stateName
            finished = instance.machine.isFinished
            awaiting = instance.machine.awaiting
            nextDeadline = instance.nextDeadline
            overdueSince = instance.overdueSince
            json = String(decoding: try JSONCoding.encoder.encode(instance), as: UTF8.self)
            steps = String(decoding: try JSONCoding.encoder.encode(instance.machine.steps), as: UTF8.self)
        }
    }
}

/// A saga after an event moved it: the stored instance, the transition, and the commands to carry out.
package struct SagaMove<Machine: SagaStateMachine>: Sendable {
    package var instance: SagaInstance<Machine>
    package var transition: SagaTransition
    package var commands: [Machine.Command]
}

/// What applying an event to a stored saga did.
package enum SagaMoveOutcome<Machine: SagaStateMachine>: Sendable {
    case moved(SagaMove<Machine>)
    case ignored(SagaOutcome<Machine.Command>.IgnoredReason)
}
