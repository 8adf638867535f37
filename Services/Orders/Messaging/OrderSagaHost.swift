import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import O2CSaga

/// Hosts the order-to-cash saga in the orders service: starts it when a contract is signed, feeds it
/// the other services' events, fires its deadlines, and carries out its commands — as outbox messages
/// to the other services, and as the order's own status when it completes or is cancelled. Every step
/// happens inside the transaction that consumed the event (or made the decision), so a saga never
/// moves without its messages, nor its messages without it.
public struct OrderSagaHost: Sendable {
    public typealias Saga = OrderToCashSaga
    let store: SagaStore<Saga>
    let schema: String
    let clock: ServiceClock
    let pool: PostgresPool
    let logger: Logger

    public init(environment: ServiceEnvironment) {
        self.store = SagaStore<Saga>(schema: environment.schema, service: environment.name)
        self.schema = environment.schema
        self.clock = environment.clock
        self.pool = environment.pool
        self.logger = environment.logger
    }

    /// In the caller's transaction: creates the order's saga and writes `orders.contract_signed.v1` and
    /// the saga's first command to the outbox. The saga keeps the deadlines and the business calendar in
    /// force now (`GET /v1/settings`, `GET /v1/calendar/{yyyy}`) for the order's life.
    public func start(
        _ order: Saga.OrderFacts, requestedDeliveryDate: String?, signedBy: Author, on connection: PostgresConnection, at now: Date
    ) async throws {
        let settings = try await OrdersSettings.current(on: connection).sagaSettings(calendar: try await CalendarYears.calendar(on: connection))
        let (machine, commands) = Saga.start(order: order, settings: settings, at: now)
        guard try await store.create(SagaInstance(id: order.orderId, machine: machine), at: now, by: signedBy, on: connection) else {
            throw Problem.conflict("order \(order.orderId) has already started")
        }
        let signed = ContractSigned(
            orderId: order.orderId, customerId: order.customerId, customerName: order.customerName, lines: order.lines,
            total: order.total, deliveryAddress: order.deliveryAddress, requestedDeliveryDate: requestedDeliveryDate,
            signedBy: signedBy.subject, signedAt: now)
        try await Outbox(schema: schema).enqueue(
            [try OutgoingMessage.event(signed, correlationID: order.orderId, causationID: nil)], on: connection)
        try await perform(commands, for: machine.order, causationID: nil, on: connection, at: now)
    }

    /// In the caller's transaction: a cancellation whose approvals are complete.
    public func approveCancellation(
        orderId: String, reason: String, penalty: Money, approvedBy: Author, on connection: PostgresConnection, at now: Date
    ) async throws {
        let event = Saga.Event.cancellationApproved(reason: reason, penalty: penalty, approvedBy: approvedBy.subject)
        try await apply(event, eventID: "cancel:\(orderId)", to: orderId, actor: approvedBy, causationID: nil, on: connection, at: now)
    }

    /// In the caller's transaction: an approved line-item or price amendment re-prices the saga and goes
    /// out to credit, finance and warehouse.
    public func amend(_ amended: OrderAmended, by actor: Author, on connection: PostgresConnection) async throws {
        let event = Saga.Event.amended(amendmentId: amended.amendmentId, lines: amended.lines, total: amended.total)
        try await apply(event, eventID: "amend:\(amended.amendmentId)", to: amended.orderId, actor: actor, causationID: nil, on: connection, at: amended.amendedAt)
        try await Outbox(schema: schema).enqueue(
            [try OutgoingMessage.event(amended, correlationID: amended.orderId, causationID: nil)], on: connection)
    }

    /// In the caller's transaction: a change request's last approval; the saga waits for it to settle.
    func changeRequested(_ requestId: String, orderId: String, by actor: Author, on connection: PostgresConnection, at now: Date) async throws {
        try await apply(.changeRequested(requestId: requestId), eventID: "change:\(requestId)", to: orderId, actor: actor, causationID: nil,
                        on: connection, at: now)
    }

    /// In the caller's transaction: the change request was applied or rejected.
    func changeSettled(_ requestId: String, orderId: String, by actor: Author, on connection: PostgresConnection, at now: Date) async throws {
        try await apply(.changeSettled(requestId: requestId), eventID: "settled:\(requestId)", to: orderId, actor: actor, causationID: nil,
                        on: connection, at: now)
    }

    /// The order's saga as a value (locked for the rest of the transaction), or nil before it started.
    func machine(orderId: String, on connection: PostgresConnection) async throws -> Saga? {
        try await store.lock(orderId, on: connection)?.machine
    }

    /// The saga as `GET /v1/orders/{id}` shows it.
    public func sagaView(orderId: String, on connection: PostgresConnection) async throws -> SagaQueries.View? {
        try await SagaQueries(schema: schema).find(type: Saga.sagaType, id: orderId, on: connection)
    }

    /// Applies one event to the order's saga and carries out what it decides.
    func apply(
        _ event: Saga.Event, eventID: String, to orderId: String, actor: Author = .system, causationID: String?,
        on connection: PostgresConnection, at now: Date
    ) async throws {
        switch try await store.apply(event, eventID: eventID, to: orderId, at: now, actor: actor, on: connection) {
        case .applied(let transition, let commands):
            logger.debug("saga moved", metadata: ["order.id": "\(orderId)", "saga.from": "\(transition.from)", "saga.to": "\(transition.to)"])
            guard let saga = try await store.lock(orderId, on: connection) else { return }
            try await perform(commands, for: saga.machine.order, causationID: causationID, on: connection, at: now)
        case .ignored(let reason):
            logger.debug("saga event ignored", metadata: ["order.id": "\(orderId)", "reason": "\(reason.rawValue)"])
        }
    }

    /// The deadline scheduler for order sagas (unpaid deposit, ship-by).
    public func scheduler() -> SagaDeadlineScheduler<Saga> {
        SagaDeadlineScheduler(store: store, pool: pool, clock: clock, logger: logger) { commands, context, connection in
            guard let saga = try await store.lock(context.sagaID, on: connection) else { return }
            try await perform(commands, for: saga.machine.order, causationID: context.causationID, on: connection, at: context.now)
        }
    }
}
