import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres

/// A service's rules as data (CONTRACT.md "Changes to an order, payments, rules as data"): one object of
/// named values with defaults, kept in the service's own schema (`rule_settings`, one row) with every
/// change (`rule_settings_history`). A setting applies to what is decided after it changed.
package protocol RuleSettings: Codable, Sendable, Equatable {
    /// The defaults (DOMAIN.md's values).
    init()
    /// Each value out of its range, by field name (empty when every value is acceptable).
    func fieldErrors() -> [Problem.FieldError]
}

/// One change of the settings: who, in which role, when, the values before and after.
package struct RuleSettingsChange<S: RuleSettings>: Codable, Sendable {
    package var changedBy: String
    package var changedRole: String
    package var changedAt: Date
    package var before: S
    package var after: S
}

/// Reads and changes a service's `RuleSettings` in its schema.
package struct RuleSettingsStore<S: RuleSettings>: Sendable {
    /// The tables, for the service's own migration.
    package static var migrationSQL: String {
        """
        create table rule_settings (
            id smallint primary key check (id = 1),
            value text not null,
            updated_by text not null,
            updated_role text not null,
            updated_at timestamptz not null
        );
        create table rule_settings_history (
            id bigserial primary key,
            changed_by text not null,
            changed_role text not null,
            changed_at timestamptz not null,
            before text not null,
            after text not null
        );
        -- The one row, empty (every value its default), so that a change always has a row to lock.
        insert into rule_settings (id, value, updated_by, updated_role, updated_at) values (1, '{}', 'system', 'system', now());
        """
    }

    package init() {}

    /// The settings in force: the stored values over the defaults (a setting added later takes its default).
    package func current(on connection: PostgresConnection, lock: Bool = false) async throws -> S {
        let rows = try await connection.query("select value from rule_settings where id = 1\(lock ? " for update" as SQL : "")").rows
        guard let row = rows.first else { return S() }
        return try Self.merge(Data(try row.string("value").utf8), over: S())
    }

    /// Applies the changed keys of `patch` (a JSON object) over the current settings, checks every value,
    /// stores the result and the change; a patch that changes nothing is stored nowhere.
    /// - Throws: 422 `validation_failed` naming each field at fault (an unknown key, a value of the wrong
    ///   type or out of range).
    package func change(_ patch: Data, by actor: Author, at now: Date, on connection: PostgresConnection) async throws -> S {
        // Locks the row (the migration made it) so two changes are recorded one after the other.
        let before = try await current(on: connection, lock: true)
        let after = try Self.merge(patch, over: before)
        let errors = after.fieldErrors()
        guard errors.isEmpty else { throw Problem.validation("invalid settings", errors: errors) }
        guard after != before else { return before }
        let (beforeText, afterText) = (try Self.text(before), try Self.text(after))
        try await connection.query(
            """
            insert into rule_settings (id, value, updated_by, updated_role, updated_at) values (1, \(afterText), \(actor.subject), \(actor.role), \(now))
            on conflict (id) do update set value = excluded.value, updated_by = excluded.updated_by,
                updated_role = excluded.updated_role, updated_at = excluded.updated_at
            """)
        try await connection.query(
            "insert into rule_settings_history (changed_by, changed_role, changed_at, before, after) values (\(actor.subject), \(actor.role), \(now), \(beforeText), \(afterText))"
        )
        return after
    }

    /// Every change, oldest first.
    package func history(on connection: PostgresConnection) async throws -> [RuleSettingsChange<S>] {
        let rows = try await connection.query(
            "select changed_by, changed_role, changed_at, before, after from rule_settings_history order by id"
        ).rows
        return try rows.map { row in
            RuleSettingsChange(
                changedBy: try row.string("changed_by"), changedRole: try row.string("changed_role"),
                changedAt: try row.date("changed_at"),
                before: try Self.merge(Data(try row.string("before").utf8), over: S()),
                after: try Self.merge(Data(try row.string("after").utf8), over: S()))
        }
    }

    static func text(_ settings: S) throws -> String {
        String(decoding: try JSONCoding.encoder.encode(settings), as: UTF8.self)
    }

    /// The keys of the JSON object `patch` over `base`. An unknown key, or a value the settings type
    /// cannot decode, is a field error.
    static func merge(_ patch: Data, over base: S) throws -> S {
        guard let changes = (try? JSONSerialization.jsonObject(with: patch)) as? [String: Any] else {
            throw Problem.validation("the settings must be a JSON object of the keys to change")
        }
        guard var merged = try JSONSerialization.jsonObject(with: try JSONCoding.encoder.encode(base)) as? [String: Any] else {
            throw Problem.validation("the settings must be a JSON object of the keys to change")
        }
        let unknown = changes.keys.filter { merged[$0] == nil }.sorted()
        guard unknown.isEmpty else {
            throw Problem.validation(
                "unknown setting \(unknown.joined(separator: ", "))",
                errors: unknown.map {
                    .init(field: $0, message: "is not a setting of this service (known: \(merged.keys.sorted().joined(separator: ", ")))")
                })
        }
        merged.merge(changes) { $1 }
        do {
            return try JSONCoding.decoder.decode(S.self, from: try JSONSerialization.data(withJSONObject: merged))
        } catch let error as DecodingError {
            throw Problem.validation(
                "invalid settings: \(ProblemMiddleware<O2CRequestContext>.describe(error))",
                errors: ProblemMiddleware<O2CRequestContext>.fieldErrors(error))
        }
    }
}

/// `GET /v1/settings`, `PUT /v1/settings` (general_manager; the body is the keys to change) and
/// `GET /v1/settings/history` for a service's `RuleSettings`.
package enum RuleSettingsRoutes {
    package static func add<S: RuleSettings>(
        _ type: S.Type, readers: Set<Role>, historyReaders: Set<Role>, to router: Router<O2CRequestContext>,
        environment: ServiceEnvironment
    ) {
        let store = RuleSettingsStore<S>()
        router.get("/v1/settings") { _, context in
            _ = try context.require(anyOf: readers)
            return try JSONResponse(try await environment.pool.withConnection { try await store.current(on: $0) }).response()
        }
        router.put("/v1/settings") { request, context in
            let actor = try context.actor(as: .generalManager)
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let patch = Data(body.readableBytesView)
            let now = environment.clock.now()
            let settings = try await environment.pool.transaction { try await store.change(patch, by: actor, at: now, on: $0) }
            return try JSONResponse(settings).response()
        }
        router.get("/v1/settings/history") { _, context in
            _ = try context.require(anyOf: historyReaders)
            return try JSONResponse(try await environment.pool.withConnection { try await store.history(on: $0) }).response()
        }
    }
}
