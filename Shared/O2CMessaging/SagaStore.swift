import Foundation
import O2CContracts
import Logging
import O2CPostgres
import O2CSaga

/// Keeps saga instances of one type in the owning service's schema and applies events to them inside
/// the caller's transaction. The row is locked (`SELECT ... FOR UPDATE`) for the rest of the
/// transaction, so two instances of the service handling two events of one saga serialise; the
/// version column is checked on write as a second guard.
public struct SagaStore<Machine: SagaStateMachine>: Sendable {
    public let schema: String
    public let service: String

    public init(schema: String, service: String) {
        self.schema = schema
        self.service = service
    }

    /// Creates the saga unless it exists, recording who started it. Returns false when it already existed.
    @discardableResult
    public func create(
        _ instance: SagaInstance<Machine>, at now: Date, by actor: Author? = nil, on connection: PostgresConnection
    ) async throws -> Bool {
        let result = try await connection.query(
            """
            insert into "\(schema)".sagas (id, type, state_name, finished, awaiting, next_deadline, overdue_since, version,
                                           instance, steps, created_at, updated_at)
            values ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9::jsonb, $10::jsonb, $11, $11)
            on conflict (type, id) do nothing
            """,
            try columns(instance) + [now])
        if result.affectedRows == 1 {
            try await recordTransition(
                instance.id, seq: 0, SagaTransition(from: "", to: instance.machine.stateName, trigger: "start", at: now),
                actor: actor, on: connection)
        }
        return result.affectedRows == 1
    }

    /// Loads the saga without locking it (for a read that changes nothing).
    public func find(_ id: String, on connection: PostgresConnection) async throws -> SagaInstance<Machine>? {
        let result = try await connection.query(
            "select instance::text as instance from \(identifier: schema).sagas where type = \(Machine.sagaType) and id = \(id)")
        guard let row = result.rows.first else { return nil }
        return try JSONCoding.decoder.decode(SagaInstance<Machine>.self, from: Data(try row.string("instance").utf8))
    }

    /// Loads and locks the saga for the rest of the transaction.
    public func lock(_ id: String, on connection: PostgresConnection) async throws -> SagaInstance<Machine>? {
        let result = try await connection.query(
            "select instance::text as instance from \(identifier: schema).sagas where type = \(Machine.sagaType) and id = \(id) for update")
        guard let row = result.rows.first else { return nil }
        return try JSONCoding.decoder.decode(SagaInstance<Machine>.self, from: Data(try row.string("instance").utf8))
    }

    /// Applies an event to a locked saga, stores it, and returns the commands to send. An event the
    /// machine refuses (`SagaStateMachine.check`) throws its `RuleViolation` and changes nothing.
    public func apply(
        _ event: Machine.Event, eventID: String, to id: String, at now: Date, actor: Author? = nil, on connection: PostgresConnection
    ) async throws -> SagaOutcome<Machine.Command> {
        switch try await move(event, eventID: eventID, to: id, at: now, actor: actor, on: connection) {
        case .moved(let move): .applied(move.transition, move.commands)
        case .ignored(let reason): .ignored(reason)
        }
    }

    /// Locks and loads the saga once, applies the event, stores the result and returns it with the saga as it
    /// now is, so that the caller can carry out the commands without loading it again.
    public func move(
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
    public func save(
        _ instance: SagaInstance<Machine>, previousVersion: Int, transitions: [SagaTransition], actor: Author? = nil,
        on connection: PostgresConnection
    ) async throws {
        let now = transitions.last?.at ?? Date()
        let result = try await connection.query(
            """
            update "\(schema)".sagas
            set state_name = $3, finished = $4, awaiting = $5::text[], next_deadline = $6, overdue_since = $7, version = $8,
                instance = $9::jsonb, steps = $10::jsonb, updated_at = $11
            where id = $1 and type = $2 and version = $12
            """,
            try columns(instance) + [now, previousVersion])
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

    private func columns(_ instance: SagaInstance<Machine>) throws -> [any PostgresBindable] {
        let json = String(decoding: try JSONCoding.encoder.encode(instance), as: UTF8.self)
        let steps = String(decoding: try JSONCoding.encoder.encode(instance.machine.steps), as: UTF8.self)
        return [instance.id, Machine.sagaType, instance.machine.stateName, instance.machine.isFinished,
                instance.machine.awaiting, instance.nextDeadline, instance.overdueSince, instance.version, json, steps]
    }
}

/// A saga after an event moved it: the stored instance, the transition, and the commands to carry out.
public struct SagaMove<Machine: SagaStateMachine>: Sendable {
    public var instance: SagaInstance<Machine>
    public var transition: SagaTransition
    public var commands: [Machine.Command]
}

/// What applying an event to a stored saga did.
public enum SagaMoveOutcome<Machine: SagaStateMachine>: Sendable {
    case moved(SagaMove<Machine>)
    case ignored(SagaOutcome<Machine.Command>.IgnoredReason)
}
