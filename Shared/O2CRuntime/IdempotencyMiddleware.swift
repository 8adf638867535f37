import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import O2CPostgres

/// `Idempotency-Key` on POST (CONTRACT.md "HTTP conventions" and "Faults, limits and identity").
///
/// The key is scoped to the caller (token subject), the method and the path, and it is claimed in the
/// same database transaction as the request's effect: the middleware opens one enclosing transaction
/// (``PostgresPool/enclosingTransaction(losingCommitReply:_:)``), inserts the claim, runs the handler
/// (whose own transactions become savepoints of it) and stores the response, then commits all of it at
/// once. So:
/// - a repeat while the first attempt runs waits on the claim row until that attempt commits (and then
///   replays its answer) or rolls back (and then runs itself); past the lock timeout it gets 409
///   `in_progress` with `Retry-After`;
/// - a first attempt that crashed, or failed with a 5xx, leaves no claim behind: the retry just runs;
/// - a repeat of a completed request (2xx–4xx) gets its response again (`Idempotent-Replayed: true`),
///   also when the first answer was lost after the commit;
/// - the same key with a different request is 422 `idempotency_key_reused`.
/// No time window decides anything. Keys are kept for the housekeeping's retention (7 days).
package struct IdempotencyMiddleware: RouterMiddleware {
    package typealias Context = O2CRequestContext
    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!
    /// Test seam, honoured only when the service runs with `O2C_TEST_FAULTS=1`: `pg.commit_lost` makes
    /// this request's COMMIT succeed and its answer get lost, as if the network had failed.
    static let testFault = HTTPField.Name("O2C-Test-Fault")!
    let pool: PostgresPool
    let schema: String
    let testFaults: Bool

    package init(pool: PostgresPool, schema: String, testFaults: Bool = false) {
        self.pool = pool
        self.schema = schema
        self.testFaults = testFaults
    }

    /// A response to send after rolling back everything the attempt did, its claim included.
    struct RolledBack: Error {
        var response: Response
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[Self.header] else { return try await next(request, context) }
        guard !key.isEmpty, key.utf8.count <= 255 else {
            throw Problem.validation(
                "Idempotency-Key must be 1 to 255 characters",
                errors: [.init(field: "Idempotency-Key", message: "must be 1 to 255 characters")])
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let claim = Claim(
            subject: context.principal?.subject ?? "anonymous", key: key, method: request.method.rawValue,
            path: request.uri.path, hash: Self.fingerprint(method: request.method.rawValue, path: request.uri.description, body: body))
        let loseReply = testFaults && request.headers[Self.testFault] == "pg.commit_lost"
        let finalRequest = request
        do {
            return try await pool.enclosingTransaction(losingCommitReply: loseReply) { connection in
                if let stored = try await claimOrReplay(claim, on: connection) { return stored }
                // The handler in a savepoint of its own: whatever it leaves behind when it fails is undone,
                // and the claim stays usable for storing its refusal.
                let response: Response
                do {
                    response = try await pool.transaction { _ in try await next(finalRequest, context) }
                } catch {
                    let problem = ProblemMiddleware<Context>.problem(for: error, logger: context.logger, requestID: context.id)
                    // A fault of the environment: roll back the claim too (a conflict or a lost connection is
                    // retried by the enclosing transaction), so the client's retry runs afresh.
                    guard problem.status < 500 else {
                        if let error = error as? PostgresError, error.isConnectionProblem || error.isTransactionConflict { throw error }
                        throw RolledBack(response: problem.response())
                    }
                    response = problem.response()
                }
                guard response.status.code < 500 else { throw RolledBack(response: response) }
                return try await store(response, for: claim, on: connection)
            }
        } catch let rolledBack as RolledBack {
            return rolledBack.response
        }
    }

    struct Claim {
        var subject: String
        var key: String
        var method: String
        var path: String
        var hash: String
    }

    /// Claims the key in the enclosing transaction (waiting on a concurrent first attempt), or answers the
    /// stored response of a completed one.
    private func claimOrReplay(_ claim: Claim, on connection: PostgresConnection) async throws -> Response? {
        let claimed: PostgresResult
        do {
            claimed = try await connection.query(
                """
                insert into \(identifier: schema).idempotency_keys (subject, key, method, path, request_hash)
                values (\(claim.subject), \(claim.key), \(claim.method), \(claim.path), \(claim.hash)) on conflict do nothing
                """)
        } catch {
            guard error.sqlState == "55P03" else { throw error }
            var problem = Problem(
                status: .conflict, code: "in_progress",
                detail: "a request with this Idempotency-Key is still being processed; try again shortly")
            problem.retryAfterSeconds = 1
            throw RolledBack(response: problem.response())
        }
        if claimed.affectedRows == 1 { return nil }
        guard
            let row = try await connection.query(
                """
                select request_hash, status, content_type, body from \(identifier: schema).idempotency_keys
                where subject = \(claim.subject) and method = \(claim.method) and path = \(claim.path) and key = \(claim.key)
                """
            ).rows.first,
            let status = try row.optionalInt("status")
        else {
            throw Problem.conflict("a request with this Idempotency-Key is still being processed")
        }
        guard try row.string("request_hash") == claim.hash else {
            throw RolledBack(
                response: Problem(
                    status: .unprocessableContent, code: "idempotency_key_reused",
                    detail: "this Idempotency-Key was already used for a different request"
                ).response())
        }
        var headers: HTTPFields = [.contentType: row.optionalString("content_type") ?? "application/json"]
        headers[Self.replayed] = "true"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: row.optionalString("body") ?? "")))
    }

    /// Stores the response with the claim, in the same transaction as the effect.
    private func store(_ response: Response, for claim: Claim, on connection: PostgresConnection) async throws -> Response {
        let writer = CollectingWriter()
        try await response.body.write(writer)
        let bytes = writer.buffer
        try await connection.query(
            """
            update \(identifier: schema).idempotency_keys set status = \(response.status.code), content_type = \(response.headers[.contentType] ?? "application/json"), body = \(String(buffer: bytes))
            where subject = \(claim.subject) and method = \(claim.method) and path = \(claim.path) and key = \(claim.key)
            """)
        return Response(status: response.status, headers: response.headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// FNV-1a 64 of method, path and body: tells a repeat from a different request under the same key.
    static func fingerprint(method: String, path: String, body: ByteBuffer) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence<UInt8>>(_ bytes: S) {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        mix(method.utf8); mix([0]); mix(path.utf8); mix([0]); mix(body.readableBytesView)
        return String(hash, radix: 16)
    }
}

/// Collects a response body so it can be stored and sent again.
final class CollectingWriter: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
