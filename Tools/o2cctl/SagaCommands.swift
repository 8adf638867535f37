import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CSaga

/// `stuck` and `timeline`: sagas read from a service's schema with the same queries its HTTP API uses.
enum SagaCommands {
    /// Sagas past a deadline, oldest first: one line each with what they wait for.
    static func stuck(_ arguments: inout Arguments) async throws {
        let service = try CLIEnvironment.service(try arguments.option("service"))
        let now = try date(try arguments.option("now")) ?? Date()
        let grace = try arguments.integer("grace", default: 60, in: 0...86_400)
        let limit = try arguments.integer("limit", default: 100, in: 1...10_000)
        try arguments.finish()
        let (pool, schema) = try CLIEnvironment.pool(schema: service.schema)
        let views = try await pool.withConnection { connection in
            try await SagaQueries(schema: schema).stuck(now: now, grace: TimeInterval(grace), limit: limit, on: connection)
        }
        await pool.close()
        if views.isEmpty {
            CLIEnvironment.write("no stuck sagas in \(schema)")
            return
        }
        CLIEnvironment.write("TYPE\tID\tSTATE\tAWAITING\tDEADLINE\tOVERDUE SINCE\tUPDATED")
        for view in views {
            CLIEnvironment.write(
                [
                    view.type, view.id, view.state, view.awaiting.joined(separator: ","), text(view.nextDeadline),
                    text(view.overdueSince), text(view.updatedAt),
                ].joined(separator: "\t"))
        }
    }

    /// Every transition of one saga: when, which trigger, from and to which state, by whom in which role.
    static func timeline(_ arguments: inout Arguments) async throws {
        let type = try arguments.option("type") ?? OrderToCashSaga.sagaType
        let service = try CLIEnvironment.service(try arguments.option("service") ?? (type == "return" ? "after-sales" : "orders"))
        let id = try arguments.positional("sagaId")
        try arguments.finish()
        let (pool, schema) = try CLIEnvironment.pool(schema: service.schema)
        let found = try await pool.withConnection { connection in
            try await SagaQueries(schema: schema).find(type: type, id: id, on: connection)
        }
        await pool.close()
        guard let view = found else { throw CLIError(message: "no \(type) saga \(id) in schema \(schema)") }
        CLIEnvironment.write(
            "\(view.type) \(view.id): \(view.state)\(view.finished ? " (finished)" : "")"
                + (view.awaiting.isEmpty ? "" : ", awaiting \(view.awaiting.joined(separator: ", "))"))
        CLIEnvironment.write("SEQ\tAT\tTRIGGER\tFROM\tTO\tACTOR\tROLE")
        for transition in view.transitions {
            CLIEnvironment.write(
                [
                    String(transition.seq), text(transition.at), transition.trigger, transition.from, transition.to,
                    transition.actor ?? "-", transition.role ?? "-",
                ].joined(separator: "\t"))
        }
    }

    private static func date(_ text: String?) throws(CLIError) -> Date? {
        guard let text else { return nil }
        guard let date = CLIEnvironment.iso8601.date(from: text) else { throw .usage("--now must be ISO 8601, e.g. 2026-11-23T10:00:00Z") }
        return date
    }

    private static func text(_ date: Date?) -> String { date.map(CLIEnvironment.iso8601.string(from:)) ?? "-" }
}
