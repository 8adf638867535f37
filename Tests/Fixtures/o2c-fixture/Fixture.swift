import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime
import O2CSaga

/// A minimal service on the platform, for the platform's integration tests. It records the effect of
/// each `<topic>.effect_requested.v1` message as one row (so a duplicate effect would show as a second
/// row), keeps `TallySaga`s fed by `<topic>.tally_item.v1`, and emits effect requests through its own
/// outbox. The topic comes from `FIXTURE_TOPIC` so that concurrent test runs do not see each other.
@main
enum Fixture {
    static func main() async {
        let topic = ProcessInfo.processInfo.environment["FIXTURE_TOPIC"] ?? "fixture"
        await ServiceMain.run(definition(topic: topic))
    }

    struct EffectRequested: Codable, Sendable {
        var key: String
        var sleepMs: Int?
        var fail: Bool?
    }

    struct TallyItem: Codable, Sendable {
        var sagaID: String
        var item: String
        var total: Int
        var sleepMs: Int?
    }

    static func definition(topic: String) -> ServiceDefinition {
        var definition = ServiceDefinition(
            name: "o2c-fixture", defaultHTTPPort: 8099, schema: "fixture",
            migrations: [
                Migration(
                    version: 100, name: "effects",
                    sql: """
                        create table effects (
                            id bigserial primary key,
                            key text not null,
                            message_id text not null,
                            worker int not null,
                            at timestamptz not null default now()
                        );
                        create index effects_key on effects (key);
                        """)
            ],
            handlers: { environment in
                let sagas = SagaStore<TallySaga>(schema: environment.schema, service: environment.name)
                let pid = Int(ProcessInfo.processInfo.processIdentifier)
                return [
                    MessageHandler(routingKey: "\(topic).effect_requested.v1") { context in
                        let request = try decode(EffectRequested.self, context)
                        try await context.connection.query(
                            "insert into effects (key, message_id, worker) values (\(request.key), \(context.message.messageID), \(pid))")
                        if let ms = request.sleepMs { try await Task.sleep(for: .milliseconds(ms)) }
                        if request.fail == true { throw FixtureError.refused(request.key) }
                    },
                    MessageHandler(routingKey: "\(topic).tally_item.v1") { context in
                        let item = try decode(TallyItem.self, context)
                        try await sagas.create(
                            SagaInstance(id: item.sagaID, machine: TallySaga(total: item.total)), at: context.now,
                            on: context.connection)
                        // Hold the saga's row lock a while, so that concurrent handlers really overlap.
                        _ = try await sagas.lock(item.sagaID, on: context.connection)
                        if let ms = item.sleepMs { try await Task.sleep(for: .milliseconds(ms)) }
                        _ = try await sagas.apply(
                            .item(item.item), eventID: context.message.messageID, to: item.sagaID, at: context.now,
                            on: context.connection)
                    },
                ]
            },
            routes: { router, environment in
                struct Emit: Codable { var count: Int; var prefix: String; var sleepMs: Int?; var fail: Bool? }
                router.post("/v1/fixture/emit") { request, context in
                    _ = try context.require(.salesAdmin)
                    let emit = try await request.decode(as: Emit.self, context: context)
                    guard (1...100_000).contains(emit.count) else { throw Problem.validation("count must be 1...100000") }
                    try await environment.pool.transaction { connection in
                        let messages = try (0..<emit.count).map { n in
                            OutgoingMessage(
                                routingKey: "\(topic).effect_requested.v1", correlationID: emit.prefix, causationID: nil,
                                body: String(
                                    decoding: try JSONCoding.encoder.encode(
                                        EffectRequested(key: "\(emit.prefix)-\(n)", sleepMs: emit.sleepMs, fail: emit.fail)), as: UTF8.self)
                            )
                        }
                        try await environment.outbox.enqueue(messages, on: connection)
                    }
                    return try JSONResponse(["emitted": emit.count], status: .created).response()
                }
                router.get("/v1/fixture/sagas/{id}") { _, context in
                    let id = try context.parameters.require("id")
                    guard
                        let view = try await environment.pool.withConnection({ connection in
                            try await SagaQueries(schema: environment.schema).find(type: TallySaga.sagaType, id: id, on: connection)
                        })
                    else { throw Problem.notFound("no saga \(id)") }
                    return try JSONResponse(view).response()
                }
            })
        // The tests publish the fixture's topic as the operator user they run it with.
        definition.producers = ProducerIdentity { prefix in prefix == topic ? "o2c" : nil }
        return definition
    }

    static func decode<T: Decodable>(_ type: T.Type, _ context: MessageContext) throws -> T {
        do { return try JSONCoding.decoder.decode(T.self, from: Data(context.message.body)) } catch {
            throw MessagingError.undecodable("\(error)")
        }
    }

    enum FixtureError: Error { case refused(String) }
}

/// Collects named items until it has `total` of them. Its final state does not depend on the order
/// the items arrive in, so concurrent handling must end exactly where sequential handling does.
struct TallySaga: SagaStateMachine {
    enum Event: Codable, Sendable { case item(String) }
    static let sagaType = "tally"
    var total: Int
    var items: [String] = []

    var stateName: String { isFinished ? "complete" : "collecting" }
    var isFinished: Bool { items.count >= total }
    var awaiting: [String] { isFinished ? [] : ["item"] }
    var deadlines: [SagaDeadline] { [] }
    var steps: [SagaStep] { items.map { SagaStep(name: $0, status: .done, at: nil) } }

    mutating func on(_ event: Event, at now: Date) -> [Never] {
        switch event {
        case .item(let name): if !items.contains(name) { items.append(name) }
        }
        return []
    }
    mutating func deadlineReached(_ deadline: SagaDeadline, at now: Date) -> [Never] { [] }
}
