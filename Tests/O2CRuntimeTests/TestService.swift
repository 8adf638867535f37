import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import O2CContracts
import O2CRuntime
import Testing

/// A service built the way `ServiceApplication` builds one (problem middleware, then bearer-token
/// authentication), with a few routes that exercise what every real handler relies on. No database,
/// no broker.
enum TestService {
    static let secret = "test-secret-0123456789-abcdefghijklmnop"
    static let otherSecret = "another-secret-0123456789-abcdefghijkl"

    /// `POST /v1/receipts`' body: a `Money` amount and an optional nested list, like CONTRACT.md's receipts.
    struct ReceiptBody: Codable, Sendable {
        var customerId: String
        var amount: Money
        var method: String
        var reference: String?
        var allocations: [Allocation]?
        struct Allocation: Codable, Sendable {
            var invoiceId: String
            var amount: Money
        }
    }

    struct ReceiptAccepted: Codable, Sendable {
        var customerId: String
        var amount: Money
        var recordedBy: String
    }

    struct Caller: Codable, Sendable {
        var subject: String
        var roles: [String]
    }

    struct SecretFailure: Error, CustomStringConvertible {
        var description: String { "connection to db.internal:5432 failed for user o2c password hunter2" }
    }

    static let publicPaths: Set<String> = ["/health/live", "/v1/public/needs-finance"]

    static func application() async -> some ApplicationProtocol {
        let router = Router(context: O2CRequestContext.self)
        router.middlewares.add(ProblemMiddleware())
        router.middlewares.add(JWTAuthenticator(keys: await JWTAuthenticator.keys(secret: secret), publicPaths: publicPaths))

        router.get("/health/live") { _, _ in
            JSONResponse(["live": true])
        }
        router.post("/v1/receipts") { request, context in
            let principal = try context.require(.finance)
            let body = try await request.decode(as: ReceiptBody.self, context: context)
            return JSONResponse(
                ReceiptAccepted(customerId: body.customerId, amount: body.amount, recordedBy: principal.subject), status: .created)
        }
        router.get("/v1/orders/{id}") { _, context -> Response in
            let id = try context.parameters.require("id")
            throw Problem.invalidState("order \(id) is cancelled")
        }
        router.get("/v1/boom") { _, _ -> Response in
            throw SecretFailure()
        }
        router.get("/v1/whoami") { _, context in
            let principal = try context.require(anyOf: Set(Role.allCases))
            return JSONResponse(Caller(subject: principal.subject, roles: principal.roles.map(\.rawValue).sorted()))
        }
        // Public, but the handler still asks for a role: without a token there is no caller.
        router.get("/v1/public/needs-finance") { _, context in
            _ = try context.require(.finance)
            return JSONResponse(["ok": true])
        }
        return Application(router: router)
    }

    static func token(
        _ roles: Role..., subject: String = "alice", secret: String = secret, lifetime: TimeInterval = 3600
    ) async throws -> String {
        try await TokenMinter.token(secret: secret, subject: subject, roles: roles, lifetime: lifetime)
    }

    static func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)"]
    }

    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}

extension TestResponse {
    /// The body as an RFC 9457 problem, after checking it is served as `application/problem+json`.
    func problem(sourceLocation: SourceLocation = #_sourceLocation) throws -> Problem {
        #expect(headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(Problem.self, from: Data(buffer: body))
    }

    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(buffer: body))
    }
}

/// Checks the parts of a problem every client relies on: status, `code`, `type`, `title`.
func expectProblem(
    _ problem: Problem, status: HTTPResponse.Status, code: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(problem.status == status.code, sourceLocation: sourceLocation)
    #expect(problem.code == code, sourceLocation: sourceLocation)
    #expect(problem.type == "/problems/\(code)", sourceLocation: sourceLocation)
    #expect(problem.title == status.reasonPhrase, sourceLocation: sourceLocation)
    #expect(!problem.detail.isEmpty, sourceLocation: sourceLocation)
}
