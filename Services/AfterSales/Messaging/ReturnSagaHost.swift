import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import O2CSaga

/// Hosts the return/exchange saga in after-sales: starts it when a return is requested, feeds it the
/// people's decisions and the warehouse's and finance's facts, fires its step deadlines, and carries
/// out its commands as outbox messages — each inside the transaction that made the decision or
/// consumed the fact. The return's row follows the saga's state, and every step is kept in its history.
struct ReturnSagaHost: Sendable {
    typealias Saga = ReturnSaga
    let store: SagaStore<Saga>
    let schema: String
    let settings: Saga.Settings
    let clock: ServiceClock
    let pool: PostgresPool
    let logger: Logger

    init(environment: ServiceEnvironment, settings: Saga.Settings = Saga.Settings()) {
        self.store = SagaStore<Saga>(schema: environment.schema, service: environment.name)
        self.schema = environment.schema
        self.settings = settings
        self.clock = environment.clock
        self.pool = environment.pool
        self.logger = environment.logger
    }

    /// In the caller's transaction: creates the return's saga (started by `requestedBy`) and sends its first command.
    /// The saga counts working days with the business calendar in force now (orders' broadcast, CalendarYears).
    func start(_ request: Saga.Request, requestedBy: Author, on connection: PostgresConnection, at now: Date) async throws {
        var settings = settings
        settings.calendar = try await CalendarYears.calendar(on: connection)
        let (machine, commands) = Saga.start(request: request, settings: settings, at: now)
        guard try await store.create(SagaInstance(id: request.returnId, machine: machine), at: now, by: requestedBy, on: connection) else {
            throw Problem.conflict("return \(request.returnId) has already started")
        }
        try await perform(commands, for: machine, causationID: nil, on: connection, at: now)
    }

    /// Applies one event to the return's saga, records the step, and carries out what the saga decides.
    /// Returns false when the saga ignored it (duplicate, finished, unknown return).
    @discardableResult
    func apply(
        _ event: Saga.Event, eventID: String, to returnId: String, actor: Author = .system, comment: String? = nil,
        causationID: String?, on connection: PostgresConnection, at now: Date
    ) async throws -> Bool {
        switch try await store.apply(event, eventID: eventID, to: returnId, at: now, actor: actor, on: connection) {
        case .applied(let transition, let commands):
            logger.debug("return saga moved", metadata: ["return.id": "\(returnId)", "saga.from": "\(transition.from)", "saga.to": "\(transition.to)"])
            guard let saga = try await store.lock(returnId, on: connection) else { return false }
            try await ReturnStore(connection: connection).recordStep(
                returnId, action: Self.action(event), status: saga.machine.stateName, comment: comment, by: actor, at: now)
            if case .received = event {
                try await ReturnStore(connection: connection).recordReceived(returnId, lines: saga.machine.receivedLines)
            }
            try await perform(commands, for: saga.machine, causationID: causationID, on: connection, at: now)
            return true
        case .ignored(let reason):
            logger.debug("return saga event ignored", metadata: ["return.id": "\(returnId)", "reason": "\(reason.rawValue)"])
            return false
        }
    }

    /// The saga of a return, read without locking it.
    func load(_ returnId: String, on connection: PostgresConnection) async throws -> SagaInstance<Saga>? {
        let result = try await connection.query(
            "select instance::text as instance from sagas where type = $1 and id = $2", [Saga.sagaType, returnId])
        guard let row = result.rows.first else { return nil }
        return try JSONCoding.decoder.decode(SagaInstance<Saga>.self, from: Data(try row.string("instance").utf8))
    }

    /// The deadline scheduler for return sagas (every waiting step's deadline).
    func scheduler() -> SagaDeadlineScheduler<Saga> {
        SagaDeadlineScheduler(store: store, pool: pool, clock: clock, logger: logger) { commands, context, connection in
            guard let saga = try await store.lock(context.sagaID, on: connection) else { return }
            for case .alertStepOverdue(let step, _) in commands {
                try await ReturnStore(connection: connection).recordStep(
                    context.sagaID, action: "\(step)_overdue", status: saga.machine.stateName, comment: nil, by: .system, at: context.now)
            }
            try await perform(commands, for: saga.machine, causationID: context.causationID, on: connection, at: context.now)
        }
    }

    /// The name a step takes in the return's history.
    static func action(_ event: Saga.Event) -> String {
        switch event {
        case .confirmed: "confirmed"
        case .confirmationRejected: "confirmation_rejected"
        case .inspected(let genuine, _, _): genuine ? "inspected_genuine" : "inspected_not_genuine"
        case .approved: "approved"
        case .approvalRejected: "approval_rejected"
        case .returnNoteIssued: "return_note_issued"
        case .discrepancyFound: "receipt_discrepancy"
        case .received: "received"
        case .replacementDispatched: "replacement_dispatched"
        case .replacementDelivered: "replacement_delivered"
        case .creditNoteIssued: "credit_note_issued"
        }
    }
}
