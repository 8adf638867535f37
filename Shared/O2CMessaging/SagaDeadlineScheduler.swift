import Foundation
import Logging
import O2CContracts
import O2CPostgres
import O2CSaga
import ServiceLifecycle

/// Fires saga deadlines.
///
/// `perform` carries out a transition's commands inside the same transaction: usually by writing
/// outbox messages, sometimes by changing the host service's own rows too. Deadlines are stored with the saga's state (`next_deadline`), in the same
/// transaction, so there is nothing to lose and no delayed-message plugin to depend on. Each tick takes
/// a batch of due sagas with `FOR UPDATE SKIP LOCKED` (several instances share the work), fires their
/// due deadlines with the service clock's time, and writes the state and the commands to the outbox in
/// one transaction.
package final class SagaDeadlineScheduler<Machine: SagaStateMachine>: Service, Sendable {
    private let store: SagaStore<Machine>
    private let pool: PostgresPool
    private let clock: ServiceClock
    private let interval: Duration
    private let perform: @Sendable ([Machine.Command], Machine, SagaCommandContext, PostgresConnection) async throws -> Void
    private let logger: Logger

    /// `perform` gets the commands and the saga as the deadlines left it (loaded once, locked).
    package init(
        store: SagaStore<Machine>, pool: PostgresPool, clock: ServiceClock, interval: Duration = .seconds(1), logger: Logger,
        performWithSaga perform:
            @escaping @Sendable ([Machine.Command], Machine, SagaCommandContext, PostgresConnection) async throws -> Void
    ) {
        self.store = store
        self.pool = pool
        self.clock = clock
        self.interval = interval
        self.perform = perform
        self.logger = logger
    }

    /// For a `perform` that needs only the commands.
    package convenience init(
        store: SagaStore<Machine>, pool: PostgresPool, clock: ServiceClock, interval: Duration = .seconds(1), logger: Logger,
        perform: @escaping @Sendable ([Machine.Command], SagaCommandContext, PostgresConnection) async throws -> Void
    ) {
        self.init(store: store, pool: pool, clock: clock, interval: interval, logger: logger) { commands, _, context, connection in
            try await perform(commands, context, connection)
        }
    }

    package func run() async throws {
        while !ServiceLoop.shouldStop {
            do {
                while try await tick() > 0 && !ServiceLoop.shouldStop {}
            } catch {
                logger.warning("deadline scheduler tick failed", metadata: ["error": "\(error)"])
            }
            await ServiceLoop.pause(interval)
        }
    }

    /// Fires the deadlines of up to 50 due sagas; returns how many sagas it handled.
    @discardableResult
    package func tick() async throws -> Int {
        let now = clock.now()
        return try await pool.transaction { connection in
            let due = try await connection.query(
                """
                select id from \(identifier: self.store.schema).sagas
                where type = \(Machine.sagaType) and not finished and next_deadline <= \(now)
                order by next_deadline limit 50 for update skip locked
                """)
            for row in due.rows {
                let id = try row.string("id")
                guard var instance = try await self.store.lock(id, on: connection) else { continue }
                let previous = instance.version
                let fired = instance.fireDueDeadlines(now: now)
                guard !fired.isEmpty else { continue }
                try await self.store.save(
                    instance, previousVersion: previous, transitions: fired.map(\.0), actor: .system, on: connection)
                let context = SagaCommandContext(sagaID: id, causationID: fired.last.map(\.0.trigger), now: now)
                try await self.perform(fired.flatMap(\.1), instance.machine, context, connection)
                self.logger.info(
                    "saga deadline fired",
                    metadata: [
                        "saga.id": "\(id)", "saga.deadlines": "\(fired.map(\.0.trigger))", "saga.state": "\(instance.machine.stateName)",
                    ])
            }
            return due.rows.count
        }
    }
}

/// What a saga's command-to-message mapping knows about the moment.
package struct SagaCommandContext: Sendable {
    package var sagaID: String
    package var causationID: String?
    package var now: Date
    package init(sagaID: String, causationID: String?, now: Date) {
        self.sagaID = sagaID
        self.causationID = causationID
        self.now = now
    }
}
