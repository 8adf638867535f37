import Foundation
import Logging
import O2CMessaging
import O2CPostgres
import O2CSaga
import Testing

/// The saga engine's driver against the real PostgreSQL: persistence, deadlines fired by the scheduler
/// with the service clock, and the stuck-saga query.
@Suite("Saga store and deadline scheduler (real PostgreSQL)", .serialized)
struct SagaStoreTests {
    /// Awaits a deposit within a day; when the day passes it cancels (compensation: release credit).
    /// Awaits shipment within an hour of the deposit; when that passes it only raises an alert.
    struct PaySaga: SagaStateMachine {
        enum Event: Codable, Sendable { case deposit, shipped }
        enum Command: Sendable, Equatable { case releaseCredit, alertLateShipment }
        static let sagaType = "pay-test"
        var openedAt: Date
        var depositAt: Date?
        var shippedAt: Date?
        var cancelled = false

        var stateName: String {
            cancelled ? "cancelled" : depositAt == nil ? "awaiting_deposit" : shippedAt == nil ? "awaiting_shipment" : "done"
        }
        var isFinished: Bool { cancelled || shippedAt != nil }
        var awaiting: [String] { isFinished ? [] : [depositAt == nil ? "deposit" : "shipped"] }
        var deadlines: [SagaDeadline] {
            switch stateName {
            case "awaiting_deposit": [SagaDeadline(name: "deposit_unpaid", dueAt: openedAt.addingTimeInterval(86_400))]
            case "awaiting_shipment": [SagaDeadline(name: "ship_by", dueAt: depositAt!.addingTimeInterval(3600))]
            default: []
            }
        }
        var steps: [SagaStep] {
            [
                SagaStep(name: "deposit", status: depositAt == nil ? .pending : .done, at: depositAt),
                SagaStep(name: "shipped", status: shippedAt == nil ? .pending : .done, at: shippedAt),
            ]
        }
        mutating func on(_ event: Event, at now: Date) -> [Command] {
            switch event {
            case .deposit: depositAt = depositAt ?? now
            case .shipped: shippedAt = shippedAt ?? now
            }
            return []
        }
        mutating func deadlineReached(_ deadline: SagaDeadline, at now: Date) -> [Command] {
            if deadline.name == "deposit_unpaid" {
                cancelled = true
                return [.releaseCredit]
            }
            return [.alertLateShipment]
        }
    }

    let logger = Logger(label: "saga-test")

    private func withSchema(_ body: (PostgresPool, String) async throws -> Void) async throws {
        let schema = TestEnvironment.uniqueName("saga")
        var configuration = try PostgresConfiguration(url: TestEnvironment.adminDatabaseURL)
        configuration.searchPath = schema
        let pool = PostgresPool(configuration: configuration, size: 4, logger: logger)
        try await pool.query("create schema \(identifier: schema)")
        do {
            try await Migrator.migrate(pool: pool, schema: schema, migrations: PlatformMigrations.all, logger: logger)
            try await body(pool, schema)
        } catch {
            _ = try? await pool.query("drop schema \(identifier: schema) cascade")
            await pool.close()
            throw error
        }
        _ = try? await pool.query("drop schema \(identifier: schema) cascade")
        await pool.close()
    }

    private func scheduler(_ pool: PostgresPool, _ schema: String, _ clock: ServiceClock) -> SagaDeadlineScheduler<PaySaga> {
        SagaDeadlineScheduler(
            store: SagaStore<PaySaga>(schema: schema, service: "test"), pool: pool, clock: clock, logger: logger
        ) { commands, context, connection in
            try await Outbox(schema: schema).enqueue(
                commands.map {
                    OutgoingMessage(
                        routingKey: "test.\($0).v1", correlationID: context.sagaID, causationID: context.causationID, body: "{}")
                }, on: connection)
        }
    }

    @Test("an unpaid deposit past its deadline cancels the saga and writes the compensation to the outbox, once")
    func deadlineCompensates() async throws {
        try await withSchema { pool, schema in
            let clock = ServiceClock(movable: true)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            clock.set(start)
            let store = SagaStore<PaySaga>(schema: schema, service: "test")
            try await pool.transaction { connection in
                try await store.create(SagaInstance(id: "o-1", machine: PaySaga(openedAt: start)), at: start, on: connection)
            }
            let scheduler = scheduler(pool, schema, clock)
            #expect(try await scheduler.tick() == 0, "not due yet")

            clock.set(start.addingTimeInterval(86_400 + 5))
            #expect(try await scheduler.tick() == 1)
            #expect(try await scheduler.tick() == 0, "fired once")

            let view = try await pool.withConnection {
                try await SagaQueries(schema: schema).find(type: PaySaga.sagaType, id: "o-1", on: $0)
            }
            #expect(view?.state == "cancelled")
            #expect(view?.finished == true)
            #expect(view?.nextDeadline == nil)
            #expect(view?.transitions.map(\.trigger) == ["start", "deadline:deposit_unpaid"])
            #expect(view?.transitions.last?.actor == "system")
            let outbox = try await pool.query("select routing_key, correlation_id from \(identifier: schema).outbox")
            #expect(outbox.rows.map { $0["routing_key"] } == ["test.releaseCredit.v1"])
            #expect(outbox.rows.first?["correlation_id"] == "o-1")
        }
    }

    @Test("a saga past an alert-only deadline shows in the stuck query until it moves on")
    func stuckQuery() async throws {
        try await withSchema { pool, schema in
            let clock = ServiceClock(movable: true)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            clock.set(start)
            let store = SagaStore<PaySaga>(schema: schema, service: "test")
            try await pool.transaction { connection in
                for id in ["late", "fine"] {
                    try await store.create(SagaInstance(id: id, machine: PaySaga(openedAt: start)), at: start, on: connection)
                    _ = try await store.apply(.deposit, eventID: "dep-\(id)", to: id, at: start, on: connection)
                }
                _ = try await store.apply(.shipped, eventID: "ship-fine", to: "fine", at: start.addingTimeInterval(60), on: connection)
            }
            clock.set(start.addingTimeInterval(7200))
            try await scheduler(pool, schema, clock).tick()

            let queries = SagaQueries(schema: schema)
            let stuck = try await pool.withConnection { try await queries.stuck(now: clock.now(), on: $0) }
            #expect(stuck.map(\.id) == ["late"])
            #expect(stuck.first?.awaiting == ["shipped"])
            #expect(stuck.first?.overdueSince == start.addingTimeInterval(3600))
            let alerts = try await pool.query(
                "select count(*) as n from \(identifier: schema).outbox where routing_key = 'test.alertLateShipment.v1'")
            #expect(try alerts.rows[0].int("n") == 1)

            try await pool.transaction { connection in
                _ = try await store.apply(.shipped, eventID: "ship-late", to: "late", at: clock.now(), on: connection)
            }
            let after = try await pool.withConnection { try await queries.stuck(now: clock.now(), on: $0) }
            #expect(after.isEmpty)
        }
    }

    @Test("the same event applied twice changes the stored saga once")
    func duplicateEvent() async throws {
        try await withSchema { pool, schema in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let store = SagaStore<PaySaga>(schema: schema, service: "test")
            try await pool.transaction { connection in
                try await store.create(SagaInstance(id: "d", machine: PaySaga(openedAt: start)), at: start, on: connection)
                #expect(
                    try await store.create(SagaInstance(id: "d", machine: PaySaga(openedAt: start)), at: start, on: connection) == false)
            }
            for _ in 0..<3 {
                _ = try await pool.transaction { try await store.apply(.deposit, eventID: "same", to: "d", at: start, on: $0) }
            }
            let versions = try await pool.query("select version from \(identifier: schema).sagas where id = 'd'")
            #expect(try versions.rows[0].int("version") == 1)
        }
    }
}
