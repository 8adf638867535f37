import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import O2CPostgres

/// `Idempotency-Key` on POST (CONTRACT.md "HTTP conventions"): the first request with a key claims it
/// and its response (2xx–4xx) is stored; a repeat with the same key and the same request gets that
/// response again (`Idempotent-Replayed: true`) and does nothing; the same key with a different request
/// is refused (422 `idempotency_key_reused`); a repeat while the first is still running gets 409.
/// Keys are per caller (token subject), kept for the housekeeping's retention.
public struct IdempotencyMiddleware: RouterMiddleware {
    public typealias Context = O2CRequestContext
    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!
    let pool: PostgresPool
    let schema: String

    public init(pool: PostgresPool, schema: String) {
        self.pool = pool
        self.schema = schema
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[Self.header] else { return try await next(request, context) }
        guard !key.isEmpty, key.utf8.count <= 255 else {
            throw Problem.validation("Idempotency-Key must be 1 to 255 characters")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let subject = context.principal?.subject ?? "anonymous"
        let hash = Self.fingerprint(method: request.method.rawValue, path: request.uri.description, body: body)

        if let stored = try await claimOrLoad(subject: subject, key: key, request: request, hash: hash) {
            return stored
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = ProblemMiddleware<Context>.problem(for: error, logger: context.logger).response()
        }
        let status = response.status
        let contentType = response.headers[.contentType] ?? "application/json"
        let writer = CollectingWriter()
        try await response.body.write(writer)
        let bytes = writer.buffer
        if status.code < 500 {
            try await pool.query(
                "update \"\(schema)\".idempotency_keys set status = $3, content_type = $4, body = $5 where subject = $1 and key = $2",
                [subject, key, status.code, contentType, String(buffer: bytes)])
        } else {
            try await pool.query("delete from \"\(schema)\".idempotency_keys where subject = $1 and key = $2", [subject, key])
        }
        return Response(status: status, headers: response.headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// Claims the key, or returns the stored response for a repeat.
    private func claimOrLoad(subject: String, key: String, request: Request, hash: String) async throws -> Response? {
        for _ in 0..<2 {
            let claimed = try await pool.query(
                """
                insert into "\(schema)".idempotency_keys (subject, key, method, path, request_hash)
                values ($1, $2, $3, $4, $5) on conflict do nothing
                """, [subject, key, request.method.rawValue, request.uri.path, hash])
            if claimed.affectedRows == 1 { return nil }
            guard let row = try await pool.query(
                """
                select request_hash, status, content_type, body, created_at < now() - interval '60 seconds' as abandoned
                from "\(schema)".idempotency_keys where subject = $1 and key = $2
                """, [subject, key]).rows.first else { continue }
            guard try row.string("request_hash") == hash else {
                throw Problem(
                    status: .unprocessableContent, code: "idempotency_key_reused",
                    detail: "this Idempotency-Key was already used for a different request")
            }
            guard let status = try row.optionalInt("status") else {
                if try row.bool("abandoned") {
                    // The first request died without an answer: let this one try again.
                    try await pool.query(
                        "delete from \"\(schema)\".idempotency_keys where subject = $1 and key = $2 and status is null", [subject, key])
                    continue
                }
                throw Problem.conflict("a request with this Idempotency-Key is still being processed")
            }
            var headers: HTTPFields = [.contentType: row.optionalString("content_type") ?? "application/json"]
            headers[Self.replayed] = "true"
            return Response(
                status: HTTPResponse.Status(code: status), headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: row.optionalString("body") ?? "")))
        }
        throw Problem.conflict("a request with this Idempotency-Key is still being processed")
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
