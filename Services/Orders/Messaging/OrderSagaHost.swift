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
package struct OrderSagaHost: Sendable {
    package typealias Saga = OrderToCashSaga
    let host: SagaHost<Saga>
    let schema: String
    let outbox: Outbox
    let logger: Logger

    package init(environment: ServiceEnvironment) {
        self.schema = environment.schema
        self.logger = environment.logger
        let outbox = environment.outbox
        self.outbox = outbox
        self.host = SagaHost<Saga>(
            schema: environment.schema, service: environment.name, pool: environment.pool, clock: environment.clock,
            logger: environment.logger
        ) { commands, saga, context, connection in
            try await Self.perform(commands, for: saga, causationID: context.causationID, outbox: outbox, on: connection, at: context.now)
        }
    }

    /// In the caller's transaction: creates the order's saga and writes `orders.contract_signed.v1` and
    /// the saga's first command to the outbox. The saga keeps the deadlines and the business calendar in
    /// force now (`GET /v1/settings`, `GET /v1/calendar/{yyyy}`) for the order's life.
    package func start(
        _ order: Saga.OrderFacts, requestedDeliveryDate: String?, signedBy: Author, on connection: PostgresConnection, at now: Date
    ) async throws {
        let settings = try await OrdersSettings.current(on: connection).sagaSettings(
            calendar: try await CalendarYears.calendar(on: connection))
        let (machine, commands) = Saga.start(order: order, settings: settings, at: now)
        let signed = ContractSigned(
            orderId: order.orderId, customerId: order.customerId, customerName: order.customerName, lines: order.lines,
            total: order.total, deliveryAddress: order.deliveryAddress, requestedDeliveryDate: requestedDeliveryDate,
            signedBy: signedBy.subject, signedAt: now)
        // The contract goes out before the saga's first command.
        try await outbox.enqueue([try OutgoingMessage.event(signed, correlationID: order.orderId, causationID: nil)], on: connection)
        guard try await host.start(machine, commands: commands, id: order.orderId, by: signedBy, on: connection, at: now) else {
            throw RuleViolation(code: .conflict, detail: "order \(order.orderId) has already started")
        }
    }

    /// In the caller's transaction: a cancellation whose approvals are complete.
    package func approveCancellation(
        orderId: String, reason: String, penalty: Money, approvedBy: Author, on connection: PostgresConnection, at now: Date
    ) async throws {
        let event = Saga.Event.cancellationApproved(reason: reason, penalty: penalty, approvedBy: approvedBy.subject)
        try await apply(event, eventID: "cancel:\(orderId)", to: orderId, actor: approvedBy, causationID: nil, on: connection, at: now)
    }

    /// In the caller's transaction: an approved line-item or price amendment re-prices the saga and goes
    /// out to credit, finance and warehouse.
    package func amend(_ amended: OrderAmended, by actor: Author, on connection: PostgresConnection) async throws {
        let event = Saga.Event.amended(amendmentId: amended.amendmentId, lines: amended.lines, total: amended.total)
        try await apply(
            event, eventID: "amend:\(amended.amendmentId)", to: amended.orderId, actor: actor, causationID: nil, on: connection,
            at: amended.amendedAt)
        try await outbox.enqueue([try OutgoingMessage.event(amended, correlationID: amended.orderId, causationID: nil)], on: connection)
    }

    /// In the caller's transaction: a change request's last approval; the saga waits for it to settle.
    func changeRequested(
        _ requestId: String, orderId: String, by actor: Author, on connection: PostgresConnection, at now: Date
    ) async throws {
        try await apply(
            .changeRequested(requestId: requestId), eventID: "change:\(requestId)", to: orderId, actor: actor, causationID: nil,
            on: connection, at: now)
    }

    /// In the caller's transaction: the change request was applied or rejected.
    func changeSettled(_ requestId: String, orderId: String, by actor: Author, on connection: PostgresConnection, at now: Date) async throws
    {
        try await apply(
            .changeSettled(requestId: requestId), eventID: "settled:\(requestId)", to: orderId, actor: actor, causationID: nil,
            on: connection, at: now)
    }

    /// The order's saga as a value (locked for the rest of the transaction), or nil before it started.
    func machine(orderId: String, on connection: PostgresConnection) async throws -> Saga? {
        try await host.lock(orderId, on: connection)?.machine
    }

    /// The saga as `GET /v1/orders/{id}` shows it.
    package func sagaView(orderId: String, on connection: PostgresConnection) async throws -> SagaQueries.View? {
        try await SagaQueries(schema: schema).find(type: Saga.sagaType, id: orderId, on: connection)
    }

    /// Applies one event to the order's saga and carries out what it decides (the saga loaded and locked once).
    func apply(
        _ event: Saga.Event, eventID: String, to orderId: String, actor: Author = .system, causationID: String?,
        on connection: PostgresConnection, at now: Date
    ) async throws {
        try await host.apply(event, eventID: eventID, to: orderId, by: actor, causationID: causationID, on: connection, at: now)
    }

    /// The deadline scheduler for order sagas (unpaid deposit, ship-by, the alerts).
    package func scheduler() -> SagaDeadlineScheduler<Saga> { host.scheduler() }
}
