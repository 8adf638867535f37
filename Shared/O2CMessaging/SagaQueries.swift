import Foundation
import O2CPostgres
import O2CSaga

/// What people and operators ask of sagas: where one stands and which ones are stuck.
package struct SagaQueries: Sendable {
    package let schema: String
    package init(schema: String) { self.schema = schema }

    /// One saga as shown to a user: state, steps with times, what it waits for, next deadline, timeline.
    package struct View: Sendable, Codable, Equatable {
        package var id: String
        package var type: String
        package var state: String
        package var finished: Bool
        package var awaiting: [String]
        package var nextDeadline: Date?
        package var overdueSince: Date?
        package var steps: [SagaStep]
        package var updatedAt: Date
        package var transitions: [Transition]
    }
    package struct Transition: Sendable, Codable, Equatable {
        package var seq: Int
        package var trigger: String
        package var from: String
        package var to: String
        package var actor: String?
        package var role: String?
        package var at: Date
    }

    package func find(type: String, id: String, on connection: PostgresConnection) async throws -> View? {
        let result = try await connection.query(
            """
            select id, type, state_name, finished, array_to_json(awaiting)::text as awaiting, next_deadline, overdue_since,
                   steps::text as steps, updated_at
            from \(identifier: schema).sagas where type = \(type) and id = \(id)
            """)
        guard let row = result.rows.first else { return nil }
        var view = try Self.view(row)
        let transitions = try await connection.query(
            """
            select seq, trigger, from_state, to_state, actor, role, at from \(identifier: schema).saga_transitions
            where saga_type = \(type) and saga_id = \(id) order by seq
            """)
        view.transitions = try transitions.rows.map {
            Transition(
                seq: try $0.int("seq"), trigger: try $0.string("trigger"), from: try $0.string("from_state"),
                to: try $0.string("to_state"), actor: $0.optionalString("actor"), role: $0.optionalString("role"),
                at: try $0.date("at"))
        }
        return view
    }

    /// Sagas that are past a deadline: one fired and the saga did not move on, or one due more than
    /// `grace` ago and not yet fired (the scheduler is behind or down).
    package func stuck(now: Date, grace: TimeInterval = 60, limit: Int = 100, on connection: PostgresConnection) async throws -> [View] {
        let result = try await connection.query(
            """
            select id, type, state_name, finished, array_to_json(awaiting)::text as awaiting, next_deadline, overdue_since,
                   steps::text as steps, updated_at
            from \(identifier: schema).sagas
            where not finished and (overdue_since is not null or next_deadline < \(now.addingTimeInterval(-grace)))
            order by coalesce(overdue_since, next_deadline) limit \(limit)
            """)
        return try result.rows.map(Self.view)
    }

    private static func view(_ row: PostgresRow) throws -> View {
        View(
            id: try row.string("id"), type: try row.string("type"), state: try row.string("state_name"),
            finished: try row.bool("finished"),
            awaiting: try JSONCoding.decoder.decode([String].self, from: Data(try row.string("awaiting").utf8)),
            nextDeadline: try row.optionalDate("next_deadline"), overdueSince: try row.optionalDate("overdue_since"),
            steps: try JSONCoding.decoder.decode([SagaStep].self, from: Data(try row.string("steps").utf8)),
            updatedAt: try row.date("updated_at"), transitions: [])
    }
}
