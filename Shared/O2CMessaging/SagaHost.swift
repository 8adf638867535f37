import Foundation
import Logging
import O2CContracts
import O2CPostgres
import O2CSaga

/// Hosts sagas of one type in a service: creates them, feeds them events (from messages or from people's
/// decisions over HTTP), fires their deadlines, and hands what they decide to the service's `perform`, all in
/// the caller's transaction. Each event locks and loads its saga once (`SagaStore.move`); `perform` gets the
/// saga as the event left it, so a saga never moves without its messages, nor its messages without it.
/// The order-to-cash saga (orders' `OrderSagaHost`) and the return saga (after-sales' `ReturnSagaHost`)
/// are hosted by it.
package struct SagaHost<Machine: SagaStateMachine>: Sendable {
    /// Carries out a saga's commands in the caller's transaction (outbox messages, the host's own rows).
    package typealias Perform =
        @Sendable (
            _ commands: [Machine.Command], _ saga: Machine, _ context: SagaCommandContext,
            _ connection: PostgresConnection
        ) async throws -> Void

    package let store: SagaStore<Machine>
    let pool: PostgresPool
    let clock: ServiceClock
    let logger: Logger
    let perform: Perform

    package init(schema: String, service: String, pool: PostgresPool, clock: ServiceClock, logger: Logger, perform: @escaping Perform) {
        self.store = SagaStore<Machine>(schema: schema, service: service)
        self.pool = pool
        self.clock = clock
        self.logger = logger
        self.perform = perform
    }

    /// Creates the saga with its first commands, started by `author`, and carries them out. Returns false,
    /// doing nothing, when a saga with this id exists.
    package func start(
        _ machine: Machine, commands: [Machine.Command], id: String, by author: Author, causationID: String? = nil,
        on connection: PostgresConnection, at now: Date
    ) async throws -> Bool {
        guard try await store.create(SagaInstance(id: id, machine: machine), at: now, by: author, on: connection) else { return false }
        try await perform(commands, machine, SagaCommandContext(sagaID: id, causationID: causationID, now: now), connection)
        return true
    }

    /// Applies one event to the saga `id` and carries out what it decides. Returns the move, or nil when the
    /// saga ignored the event (a duplicate, a finished saga, no such saga).
    @discardableResult
    package func apply(
        _ event: Machine.Event, eventID: String, to id: String, by author: Author = .system, causationID: String?,
        on connection: PostgresConnection, at now: Date
    ) async throws -> SagaMove<Machine>? {
        switch try await store.move(event, eventID: eventID, to: id, at: now, actor: author, on: connection) {
        case .moved(let move):
            logger.debug(
                "saga moved",
                metadata: [
                    "saga.type": "\(Machine.sagaType)", "saga.id": "\(id)", "saga.from": "\(move.transition.from)",
                    "saga.to": "\(move.transition.to)",
                ])
            try await perform(
                move.commands, move.instance.machine, SagaCommandContext(sagaID: id, causationID: causationID, now: now), connection)
            return move
        case .ignored(let reason):
            logger.debug(
                "saga event ignored", metadata: ["saga.type": "\(Machine.sagaType)", "saga.id": "\(id)", "reason": "\(reason.rawValue)"])
            return nil
        }
    }

    /// A handler that feeds the saga named by `id` the event `event` makes of the message; a message for which
    /// `id` or `event` is nil does not concern these sagas. The event's id is the message's id.
    package func on<E: EventContract>(
        _ type: E.Type, id: @escaping @Sendable (E) -> String?, _ event: @escaping @Sendable (E) throws -> Machine.Event?
    ) -> MessageHandler {
        MessageHandler.on(type) { message, context in
            guard let sagaID = id(message), let event = try event(message) else { return }
            try await apply(
                event, eventID: context.message.messageID, to: sagaID, causationID: context.message.messageID,
                on: context.connection, at: context.now)
        }
    }

    /// The saga, locked for the rest of the transaction; nil when there is none.
    package func lock(_ id: String, on connection: PostgresConnection) async throws -> SagaInstance<Machine>? {
        try await store.lock(id, on: connection)
    }

    /// The deadline scheduler for these sagas; `perform` carries out what a fired deadline decides.
    package func scheduler() -> SagaDeadlineScheduler<Machine> {
        SagaDeadlineScheduler(store: store, pool: pool, clock: clock, logger: logger, performWithSaga: perform)
    }
}
