import Foundation
import O2CPostgres

/// Who read the list of dispatch notes, with their customers' names and delivery addresses (`access_log`).
enum AccessLogStore {
    /// One list read as `GET /v1/access-log` shows it.
    struct Read: Encodable, Sendable {
        var readBy: String
        var role: String
        var at: Date
        var route: String
        var filter: String
        var notes: Int
    }

    static func record(_ read: Read, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            insert into access_log (read_by, read_role, read_at, route, filter, notes)
            values (\(read.readBy), \(read.role), \(read.at), \(read.route), \(read.filter), \(read.notes))
            """)
    }

    /// The latest `limit` reads, newest first.
    static func latest(_ limit: Int, on connection: PostgresConnection) async throws -> [Read] {
        try await connection.query(
            "select read_by, read_role, read_at, route, filter, notes from access_log order by read_at desc, id desc limit \(limit)"
        ).rows.map {
            Read(
                readBy: try $0.string("read_by"), role: try $0.string("read_role"), at: try $0.date("read_at"),
                route: try $0.string("route"), filter: try $0.string("filter"), notes: try $0.int("notes"))
        }
    }
}
