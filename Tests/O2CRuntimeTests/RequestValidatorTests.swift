import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import O2CContracts
import O2CRuntime
import Synchronization
import Testing

/// The request validator against a small document written the way the services' are: the service
/// answers 422 `validation_failed` naming each field before its handler runs (CONTRACT.md "Faults,
/// limits and identity": the OpenAPI document says what the API accepts).
@Suite("Requests are checked against the service's own openapi.yaml before the handler runs")
struct RequestValidatorTests {
    static let document = #"""
        openapi: 3.1.0
        info: { title: test, version: 1.0.0 }
        paths:
          /v1/orders/{id}:
            parameters:
              - { name: id, in: path, required: true, schema: { type: string, minLength: 1, maxLength: 8 } }
            get:
              parameters:
                - { name: limit, in: query, required: false, schema: { type: integer, minimum: 1, maximum: 100 } }
                - { name: status, in: query, required: false, schema: { $ref: "#/components/schemas/Status" } }
              responses: { "200": { description: ok } }
          /v1/orders/search:
            get:
              parameters:
                - { name: customerId, in: query, required: true, schema: { type: string, maxLength: 8 } }
              responses: { "200": { description: ok } }
          /v1/orders:
            post:
              x-roles: [salesperson, sales_manager]
              parameters: [{ $ref: "#/components/parameters/IdempotencyKey" }]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/OrderBody" }
              responses: { "201": { description: created } }
          /v1/notes:
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        text: { type: [string, "null"], maxLength: 5 }
                        kind: { oneOf: [{ type: string, const: short }, { type: integer, minimum: 1, maximum: 3 }] }
              responses: { "201": { description: created } }
        components:
          parameters:
            IdempotencyKey:
              name: Idempotency-Key
              in: header
              required: false
              schema: { type: string, minLength: 1, maxLength: 10 }
          schemas:
            Status: { type: string, enum: [open, closed] }
            Amount: { type: string, pattern: '^[0-9]{1,12}\.[0-9]{2}$', maxLength: 15 }
            Date:
              type: string
              format: date
              pattern: '^2[01][0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
            OrderBody:
              type: object
              additionalProperties: false
              required: [customerId, lines, deliveryDate]
              properties:
                customerId: { type: string, minLength: 1, maxLength: 8 }
                deliveryDate: { $ref: "#/components/schemas/Date" }
                signedAt: { type: string, format: date-time }
                lines:
                  type: array
                  minItems: 1
                  maxItems: 2
                  items:
                    type: object
                    additionalProperties: false
                    required: [sku, quantity, price]
                    properties:
                      sku: { type: string, maxLength: 8 }
                      quantity: { type: integer, minimum: 1, maximum: 1000000000 }
                      price: { $ref: "#/components/schemas/Amount" }
        """#

    /// How many requests reached a handler.
    final class Calls: Sendable {
        let count = Atomic<Int>(0)
        func hit() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    static func application(calls: Calls) async -> some ApplicationProtocol {
        let router = Router(context: O2CRequestContext.self)
        router.middlewares.add(ProblemMiddleware())
        router.middlewares.add(JWTAuthenticator(keys: await JWTAuthenticator.keys(secret: TestService.secret), publicPaths: []))
        router.middlewares.add(try! RequestValidationMiddleware(document: document))  // a test document known to load
        router.get("/v1/orders/{id}") { _, context -> String in
            calls.hit()
            return "order \(try context.parameters.require("id"))"
        }
        router.get("/v1/orders/search") { _, _ -> String in
            calls.hit()
            return "search"
        }
        router.post("/v1/orders") { request, context -> Response in
            calls.hit()
            var request = request
            // The handler still reads the body the validator has already collected.
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            return Response(status: .created, body: .init(byteBuffer: body))
        }
        router.post("/v1/notes") { _, _ -> Response in
            calls.hit()
            return Response(status: .created)
        }
        router.get("/v1/undocumented") { _, _ -> String in
            calls.hit()
            return "free"
        }
        return Application(router: router)
    }

    static let validOrder = #"""
        {"customerId":"c1","deliveryDate":"2026-12-31","signedAt":"2026-12-01T09:30:00.250+08:00",
         "lines":[{"sku":"s1","quantity":1000000000,"price":"999999999999.99"}]}
        """#

    /// Sends one request with a token of every role; returns the response's status, its problem if any,
    /// and how many handlers ran.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, headers extra: HTTPFields = [:], token: Bool = true
    ) async throws -> (status: HTTPResponse.Status, problem: Problem?, body: String, handled: Int) {
        let calls = Calls()
        let app = await Self.application(calls: calls)
        var headers: HTTPFields = token ? TestService.bearer(try await TestService.token(.salesperson)) : [:]
        headers.append(contentsOf: extra)
        if body != nil { headers[.contentType] = "application/json" }
        let sent = headers
        let result = try await app.test(.router) { client in
            try await client.execute(uri: uri, method: method, headers: sent, body: body.map { ByteBuffer(string: $0) }) { response in
                let problem = response.headers[.contentType] == "application/problem+json" ? try response.problem() : nil
                return (response.status, problem, String(buffer: response.body))
            }
        }
        return (result.0, result.1, result.2, calls.value)
    }

    func fields(_ problem: Problem?) -> Set<String> { Set(problem?.errors?.map(\.field) ?? []) }

    @Test("a valid body reaches the handler unchanged, at the bounds (1,000,000,000 units, 999,999,999,999.99)")
    func validBody() async throws {
        let result = try await send(.post, "/v1/orders", body: Self.validOrder)
        #expect(result.status == .created)
        #expect(result.body == Self.validOrder)
        #expect(result.handled == 1)
    }

    @Test("every fault of a body is named, and the handler does not run")
    func everyFaultNamed() async throws {
        let body = #"""
            {"customerId":"","deliveryDate":"2026-02-30","color":"red",
             "lines":[{"sku":"s1","quantity":0,"price":"12.5"},{"sku":"abcdefghi","quantity":1000000001,"price":"-1.00","x":1}]}
            """#
        let result = try await send(.post, "/v1/orders", body: body)
        #expect(result.status == .unprocessableContent)
        #expect(result.problem?.code == "validation_failed")
        #expect(
            fields(result.problem) == [
                "customerId", "deliveryDate", "color", "lines[0].quantity", "lines[0].price", "lines[1].sku",
                "lines[1].quantity", "lines[1].price", "lines[1].x",
            ])
        #expect(result.handled == 0)
    }

    @Test(
        "amounts: exactly two decimals, not negative, at most 999,999,999,999.99",
        arguments: ["\"1000000000000.00\"", "\"1.5\"", "\"1\"", "\"-0.01\"", "\"1e3\"", "12.50", "null"])
    func badAmount(price: String) async throws {
        let body = #"{"customerId":"c1","deliveryDate":"2026-12-31","lines":[{"sku":"s1","quantity":1,"price":\#(price)}]}"#
        let result = try await send(.post, "/v1/orders", body: body)
        #expect(result.status == .unprocessableContent)
        #expect(fields(result.problem) == ["lines[0].price"])
        #expect(result.handled == 0)
    }

    @Test(
        "dates: a real day between 2000-01-01 and 2199-12-31; date-times per RFC 3339",
        arguments: [
            ("1999-12-31", "2026-12-01T09:30:00Z", "deliveryDate"), ("2200-01-01", "2026-12-01T09:30:00Z", "deliveryDate"),
            ("9999-12-31", "2026-12-01T09:30:00Z", "deliveryDate"), ("2025-02-29", "2026-12-01T09:30:00Z", "deliveryDate"),
            ("2026-12-31", "2026-12-01 09:30:00", "signedAt"), ("2026-12-31", "2026-12-01T24:00:00Z", "signedAt"),
            ("2026-12-31", "2026-12-01T09:30:00", "signedAt"), ("2026-12-31", "2026-13-01T09:30:00+08:00", "signedAt"),
        ])
    func badDates(date: String, dateTime: String, field: String) async throws {
        let body =
            #"{"customerId":"c1","deliveryDate":"\#(date)","signedAt":"\#(dateTime)","lines":[{"sku":"s1","quantity":1,"price":"1.00"}]}"#
        let result = try await send(.post, "/v1/orders", body: body)
        #expect(result.status == .unprocessableContent)
        #expect(fields(result.problem) == [field])
    }

    @Test("leap days and offsets that exist are accepted")
    func goodDates() async throws {
        let body =
            #"{"customerId":"c1","deliveryDate":"2028-02-29","signedAt":"2199-12-31T23:59:59-05:30","lines":[{"sku":"s1","quantity":1,"price":"0.00"}]}"#
        #expect(try await send(.post, "/v1/orders", body: body).status == .created)
    }

    @Test("a body that is missing, not JSON or not an object names `body`", arguments: [nil, "{", "[1]", "\"text\""])
    func badBodyShape(body: String?) async throws {
        let result = try await send(.post, "/v1/orders", body: body)
        #expect(result.status == .unprocessableContent)
        #expect(fields(result.problem) == ["body"])
        #expect(result.handled == 0)
    }

    @Test("lists: at least and at most as many items as documented")
    func listBounds() async throws {
        let line = #"{"sku":"s1","quantity":1,"price":"1.00"}"#
        for lines in ["", "\(line),\(line),\(line)"] {
            let body = #"{"customerId":"c1","deliveryDate":"2026-12-31","lines":[\#(lines)]}"#
            let result = try await send(.post, "/v1/orders", body: body)
            #expect(result.status == .unprocessableContent)
            #expect(fields(result.problem) == ["lines"])
        }
    }

    @Test("path parameters: longer than documented is 422 naming the parameter; the id itself is percent-decoded")
    func pathParameter() async throws {
        let tooLong = try await send(.get, "/v1/orders/abcdefghi")
        #expect(tooLong.status == .unprocessableContent)
        #expect(fields(tooLong.problem) == ["id"])
        #expect(tooLong.handled == 0)
        // Eight characters once decoded (%C3%A9 is one).
        let decoded = try await send(.get, "/v1/orders/abcdefg%C3%A9")
        #expect(decoded.status == .ok)
    }

    @Test("query parameters: type, bounds, enums (through $ref) and required ones")
    func queryParameters() async throws {
        #expect(try await send(.get, "/v1/orders/o1?limit=100&status=open").status == .ok)
        for (query, field) in [("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"), ("status=gone", "status")] {
            let result = try await send(.get, "/v1/orders/o1?\(query)")
            #expect(result.status == .unprocessableContent)
            #expect(fields(result.problem) == [field])
        }
        // `+` is a space as clients send one; `%2B` is a plus.
        let spaces = try await send(.get, "/v1/orders/o1?status=open+")
        #expect(spaces.status == .unprocessableContent)
        #expect(fields(spaces.problem) == ["status"])
        let plus = try await send(.get, "/v1/orders/search?customerId=a%2Bb")
        #expect(plus.status == .ok)
        let missing = try await send(.get, "/v1/orders/search")
        #expect(missing.status == .unprocessableContent)
        #expect(fields(missing.problem) == ["customerId"])
    }

    @Test("a literal segment wins over a parameter: /v1/orders/search is not order `search`")
    func literalPathFirst() async throws {
        let result = try await send(.get, "/v1/orders/search?customerId=c1")
        #expect(result.status == .ok)
        #expect(result.body == "search")
    }

    @Test("header parameters are checked too (Idempotency-Key's length)")
    func headerParameter() async throws {
        let result = try await send(
            .post, "/v1/orders", body: Self.validOrder, headers: [HTTPField.Name("Idempotency-Key")!: "12345678901"])
        #expect(result.status == .unprocessableContent)
        #expect(fields(result.problem) == ["Idempotency-Key"])
    }

    @Test("nullable types and oneOf: null and either form pass, a form matching neither does not")
    func nullableAndOneOf() async throws {
        #expect(try await send(.post, "/v1/notes", body: #"{"text":null,"kind":"short"}"#).status == .created)
        #expect(try await send(.post, "/v1/notes", body: #"{"text":"abc","kind":2}"#).status == .created)
        #expect(try await send(.post, "/v1/notes").status == .created)  // the body is optional
        let result = try await send(.post, "/v1/notes", body: #"{"text":"abcdef","kind":4}"#)
        #expect(result.status == .unprocessableContent)
        #expect(fields(result.problem) == ["text", "kind"])
    }

    @Test("roles come before input: a role that may not do this is 403 forbidden_role, whatever the body")
    func rolesFirst() async throws {
        let calls = Calls()
        let app = await Self.application(calls: calls)
        for (role, body, status) in [
            (Role.finance, "{", HTTPResponse.Status.forbidden), (.salesManager, "{", .unprocessableContent),
            (.salesManager, Self.validOrder, .created),
        ] {
            let token = try await TestService.token(role)
            let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status)
                    if status == .forbidden {
                        let problem = try response.problem()
                        #expect(problem.code == "forbidden_role")
                    }
                }
            }
        }
        #expect(calls.value == 1)
    }

    @Test("authentication comes first: no token is 401, whatever the body")
    func authenticationFirst() async throws {
        let result = try await send(.post, "/v1/orders", body: "{", token: false)
        #expect(result.status == .unauthorized)
    }

    @Test("an undocumented route is left to the router")
    func undocumented() async throws {
        #expect(try await send(.get, "/v1/undocumented?anything=1").status == .ok)
        #expect(try await send(.get, "/v1/nowhere").status == .notFound)
    }

    @Test("a documented path asked with a method it does not have is 405 with Allow")
    func methodNotAllowed() async throws {
        let calls = Calls()
        let app = await Self.application(calls: calls)
        let token = try await TestService.token(.finance)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/orders/o1", method: .delete, headers: TestService.bearer(token)) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                let problem = try response.problem()
                #expect(problem.code == "method_not_allowed")
            }
        }
        #expect(calls.value == 0)
    }

    @Test(
        "a document the validator cannot read is refused when it is loaded",
        arguments: [
            "paths: [",
            "openapi: 3.1.0\npaths:\n  /x:\n    get:\n      parameters: [{ name: a, in: query, schema: { type: string, pattern: '(' } }]\n",
        ])
    func badDocument(text: String) {
        #expect(throws: OpenAPIDocumentError.self) { try RequestValidator(document: text) }
    }
}
