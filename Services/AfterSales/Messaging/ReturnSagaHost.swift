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
    let host: SagaHost<Saga>
    let settings: Saga.Settings
    let logger: Logger

    init(environment: ServiceEnvironment, settings: Saga.Settings = Saga.Settings()) {
        self.settings = settings
        self.logger = environment.logger
        let outbox = environment.outbox
        self.host = SagaHost<Saga>(
            schema: environment.schema, service: environment.name, pool: environment.pool, clock: environment.clock,
            logger: environment.logger
        ) { commands, saga, context, connection in
            // A step past its deadline is kept in the return's history.
            for case .alertStepOverdue(let step, _) in commands {
                try await ReturnStore.recordStep(
                    context.sagaID, action: "\(step)_overdue", status: saga.stateName, comment: nil, by: .system, at: context.now,
                    on: connection)
            }
            try await Self.perform(commands, for: saga, causationID: context.causationID, outbox: outbox, on: connection)
        }
    }

    /// In the caller's transaction: creates the return's saga (started by `requestedBy`) and sends its first command.
    /// The saga counts working days with the business calendar in force now (orders' broadcast, CalendarYears).
    func start(_ request: Saga.Request, requestedBy: Author, on connection: PostgresConnection, at now: Date) async throws {
        var settings = settings
        settings.calendar = try await CalendarYears.calendar(on: connection)
        let (machine, commands) = Saga.start(request: request, settings: settings, at: now)
        guard try await host.start(machine, commands: commands, id: request.returnId, by: requestedBy, on: connection, at: now) else {
            throw RuleViolation(code: .conflict, detail: "return \(request.returnId) has already started")
        }
    }

    /// Applies one event to the return's saga (loaded and locked once), records the step, and carries out what
    /// the saga decides. Returns false when the saga ignored it (duplicate, finished, unknown return).
    @discardableResult
    func apply(
        _ event: Saga.Event, eventID: String, to returnId: String, actor: Author = .system, comment: String? = nil,
        causationID: String?, on connection: PostgresConnection, at now: Date
    ) async throws -> Bool {
        guard
            let move = try await host.apply(
                event, eventID: eventID, to: returnId, by: actor, causationID: causationID, on: connection, at: now)
        else { return false }
        let saga = move.instance.machine
        try await ReturnStore.recordStep(
            returnId, action: Self.action(event), status: saga.stateName, comment: comment, by: actor, at: now, on: connection)
        if case .received = event {
            try await ReturnStore.recordReceived(returnId, lines: saga.receivedLines, on: connection)
        }
        return true
    }

    /// The saga of a return, read without locking it.
    func load(_ returnId: String, on connection: PostgresConnection) async throws -> SagaInstance<Saga>? {
        try await host.store.find(returnId, on: connection)
    }

    /// The deadline scheduler for return sagas (every waiting step's deadline).
    func scheduler() -> SagaDeadlineScheduler<Saga> { host.scheduler() }

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
