import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import O2CContracts
import O2CRuntime
import Testing

@Suite("Errors are RFC 9457 problem+json; bad input is a 4xx, never a 5xx (CONTRACT.md: HTTP conventions)")
struct ProblemResponseTests {
    /// POSTs `body` to the finance-only receipts route with a finance token.
    private func postReceipt(_ body: ByteBuffer, check: @escaping @Sendable (TestResponse) async throws -> Void) async throws {
        let app = await TestService.application()
        let token = try await TestService.token(.finance)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/receipts", method: .post, headers: TestService.bearer(token), body: body) { response in
                try await check(response)
            }
        }
    }

    @Test("a body that is not JSON is 422 validation_failed", arguments: ["customerId=c1&amount=12.50", "", "{", "[1,2,3]"])
    func notJSON(text: String) async throws {
        try await postReceipt(TestService.json(text)) { response in
            #expect(response.status == .unprocessableContent)
            expectProblem(try response.problem(), status: .unprocessableContent, code: "validation_failed")
        }
    }

    @Test("a missing field is 422 validation_failed, and errors[0].field names it")
    func missingField() async throws {
        try await postReceipt(TestService.json(#"{"customerId":"c1","method":"bank"}"#)) { response in
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            expectProblem(problem, status: .unprocessableContent, code: "validation_failed")
            #expect(problem.errors?.first?.field == "amount")
            #expect(problem.detail.contains("amount"))
        }
    }

    @Test(
        "an amount that is not a two-decimal string is 422 validation_failed naming the field",
        arguments: [#""12.5""#, #""12""#, #""12.500""#, "12.5", "1250", "null", #""abc""#])
    func badAmount(amount: String) async throws {
        try await postReceipt(TestService.json(#"{"customerId":"c1","amount":\#(amount),"method":"bank"}"#)) { response in
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            expectProblem(problem, status: .unprocessableContent, code: "validation_failed")
            #expect(problem.errors?.first?.field == "amount")
        }
    }

    @Test("a bad field inside a list is named by its path (allocations[1].amount)")
    func nestedField() async throws {
        let body = #"""
            {"customerId":"c1","amount":"20.00","method":"bank",
             "allocations":[{"invoiceId":"i1","amount":"10.00"},{"invoiceId":"i2","amount":"10.0"}]}
            """#
        try await postReceipt(TestService.json(body)) { response in
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            expectProblem(problem, status: .unprocessableContent, code: "validation_failed")
            #expect(problem.errors?.first?.field == "allocations[1].amount")
        }
    }

    @Test("a field of the wrong type is 422 validation_failed naming it")
    func wrongType() async throws {
        try await postReceipt(TestService.json(#"{"customerId":42,"amount":"1.00","method":"bank"}"#)) { response in
            #expect(response.status == .unprocessableContent)
            let problem = try response.problem()
            expectProblem(problem, status: .unprocessableContent, code: "validation_failed")
            #expect(problem.errors?.first?.field == "customerId")
        }
    }

    @Test("a body over 256 KiB is 413 payload_too_large")
    func tooLarge() async throws {
        let padding = String(repeating: "x", count: 300 * 1024)
        try await postReceipt(TestService.json(#"{"customerId":"c1","amount":"1.00","method":"bank","reference":"\#(padding)"}"#)) {
            response in
            #expect(response.status == .contentTooLarge)
            expectProblem(try response.problem(), status: .contentTooLarge, code: "payload_too_large")
        }
    }

    @Test("a body just under 256 KiB is accepted")
    func justUnderLimit() async throws {
        let padding = String(repeating: "x", count: 250 * 1024)
        try await postReceipt(TestService.json(#"{"customerId":"c1","amount":"1.00","method":"bank","reference":"\#(padding)"}"#)) {
            response in
            #expect(response.status == .created)
        }
    }

    @Test("an unknown route is a 404 not_found problem")
    func unknownRoute() async throws {
        let app = await TestService.application()
        let token = try await TestService.token(.auditor)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/no-such-thing", method: .get, headers: TestService.bearer(token)) { response in
                #expect(response.status == .notFound)
                expectProblem(try response.problem(), status: .notFound, code: "not_found")
            }
        }
    }

    @Test("a Problem thrown by a handler reaches the client as it was thrown (409 invalid_state)")
    func thrownProblem() async throws {
        let app = await TestService.application()
        let token = try await TestService.token(.auditor)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/orders/o-42", method: .get, headers: TestService.bearer(token)) { response in
                #expect(response.status == .conflict)
                let problem = try response.problem()
                #expect(problem == Problem.invalidState("order o-42 is cancelled"))
                expectProblem(problem, status: .conflict, code: "invalid_state")
                #expect(problem.detail == "order o-42 is cancelled")
                #expect(problem.errors == nil)
            }
        }
    }

    @Test("an unexpected Swift error is 500 internal whose detail does not leak the error's text")
    func unexpectedError() async throws {
        let app = await TestService.application()
        let token = try await TestService.token(.auditor)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/boom", method: .get, headers: TestService.bearer(token)) { response in
                #expect(response.status == .internalServerError)
                let problem = try response.problem()
                expectProblem(problem, status: .internalServerError, code: "internal")
                let raw = String(buffer: response.body)
                for secret in ["hunter2", "db.internal", "SecretFailure", "password"] {
                    #expect(!raw.contains(secret), "the response must not carry \(secret)")
                }
            }
        }
    }
}

@Suite("Problem values")
struct ProblemValueTests {
    @Test(
        "the named problems carry their status and code",
        arguments: [
            (Problem.validation("x"), HTTPResponse.Status.unprocessableContent, "validation_failed"),
            (Problem.notFound("x"), .notFound, "not_found"),
            (Problem.conflict("x"), .conflict, "conflict"),
            (Problem.invalidState("x"), .conflict, "invalid_state"),
            (Problem.forbiddenRole("x"), .forbidden, "forbidden_role"),
            (Problem.unauthorized("x"), .unauthorized, "unauthorized"),
        ])
    func named(problem: Problem, status: HTTPResponse.Status, code: String) {
        expectProblem(problem, status: status, code: code)
    }

    @Test("a problem response is problem+json; only 401 carries WWW-Authenticate")
    func response() throws {
        let unauthorized = Problem.unauthorized("no token").response()
        #expect(unauthorized.status == .unauthorized)
        #expect(unauthorized.headers[.contentType] == "application/problem+json")
        #expect(unauthorized.headers[.wwwAuthenticate] == "Bearer")
        let conflict = Problem.conflict("taken").response()
        #expect(conflict.status == .conflict)
        #expect(conflict.headers[.wwwAuthenticate] == nil)
    }

    @Test("a domain problem with its own code round-trips through JSON with its field errors")
    func customCode() throws {
        let problem = Problem(
            status: .unprocessableContent, code: "price_below_factory_floor", detail: "line 1 is below the factory floor",
            errors: [.init(field: "lines[0].unitPrice", message: "below 80.00")])
        #expect(problem.type == "/problems/price_below_factory_floor")
        let decoded = try JSONDecoder().decode(Problem.self, from: JSONEncoder().encode(problem))
        #expect(decoded == problem)
    }
}

@Suite("JSONResponse")
struct JSONResponseTests {
    struct Body: Codable, Equatable {
        var at: Date
        var total: Money
    }

    @Test("a JSONResponse carries the given status and application/json")
    func encodes() throws {
        let response = try JSONResponse(Body(at: Date(timeIntervalSince1970: 0), total: Money(minorUnits: 120_000)), status: .accepted)
            .response()
        #expect(response.status == .accepted)
        #expect(response.headers[.contentType] == "application/json")
    }

    @Test("a JSONResponse returned from a handler is what the client receives")
    func throughRouter() async throws {
        let router = Router(context: O2CRequestContext.self)
        router.middlewares.add(ProblemMiddleware())
        router.get("/t") { _, _ in
            JSONResponse(Body(at: Date(timeIntervalSince1970: 0), total: Money(minorUnits: 120_000)), status: .accepted)
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/t", method: .get) { response in
                #expect(response.status == .accepted)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == #"{"at":"1970-01-01T00:00:00Z","total":"1200.00"}"#)
            }
        }
    }
}
