import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import O2CContracts
import O2CRuntime
import Testing

@Suite("Bearer tokens (CONTRACT.md: missing or bad token → 401; a role that may not → 403)")
struct AuthenticationTests {
    @Test("a request without a token is refused with 401 unauthorized and WWW-Authenticate: Bearer")
    func noToken() async throws {
        let app = await TestService.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                expectProblem(try response.problem(), status: .unauthorized, code: "unauthorized")
            }
        }
    }

    @Test(
        "a bad Authorization header is refused with 401",
        arguments: [
            "Bearer not-a-jwt",
            "Bearer ",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
            "Basic YWxpY2U6c2VjcmV0",
            "alice",
        ])
    func malformedToken(header: String) async throws {
        let app = await TestService.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get, headers: [.authorization: header]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                expectProblem(try response.problem(), status: .unauthorized, code: "unauthorized")
            }
        }
    }

    @Test("a token signed with another secret is refused with 401")
    func wrongSecret() async throws {
        let app = await TestService.application()
        let forged = try await TestService.token(.generalManager, secret: TestService.otherSecret)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get, headers: TestService.bearer(forged)) { response in
                #expect(response.status == .unauthorized)
                expectProblem(try response.problem(), status: .unauthorized, code: "unauthorized")
            }
        }
    }

    @Test("an expired token is refused with 401")
    func expired() async throws {
        let app = await TestService.application()
        let stale = try await TestService.token(.finance, lifetime: -60)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get, headers: TestService.bearer(stale)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                expectProblem(try response.problem(), status: .unauthorized, code: "unauthorized")
            }
        }
    }

    @Test("a tampered token (roles changed after signing) is refused with 401")
    func tampered() async throws {
        let app = await TestService.application()
        let token = try await TestService.token(.salesperson)
        var parts = token.split(separator: ".").map(String.init)
        let forgedClaims = try JSONEncoder().encode(O2CClaims(subject: "alice", roles: ["general_manager"]))
        parts[1] = forgedClaims.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let forged = parts.joined(separator: ".")
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get, headers: TestService.bearer(forged)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("a public path answers without a token")
    func publicPath() async throws {
        let app = await TestService.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let body = try response.decoded([String: Bool].self)
                #expect(body == ["live": true])
            }
        }
    }

    @Test("a public route that asks for a role still answers 401 without a token, not 500")
    func publicPathRequiringRole() async throws {
        let app = await TestService.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/public/needs-finance", method: .get) { response in
                #expect(response.status == .unauthorized)
                expectProblem(try response.problem(), status: .unauthorized, code: "unauthorized")
            }
        }
    }

    @Test("a valid token whose roles may not do this is refused with 403 forbidden_role naming the roles")
    func forbiddenRole() async throws {
        let app = await TestService.application()
        let token = try await TestService.token(.salesperson, .warehouseKeeper)
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/receipts", method: .post, headers: TestService.bearer(token),
                body: TestService.json(#"{"customerId":"c1","amount":"100.00","method":"bank"}"#)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.wwwAuthenticate] == nil)
                let problem = try response.problem()
                expectProblem(problem, status: .forbidden, code: "forbidden_role")
                #expect(problem.detail.contains("finance"), "names the role that is needed")
                #expect(
                    problem.detail.contains("salesperson") && problem.detail.contains("warehouse_keeper"), "names the roles the token has")
            }
        }
    }

    @Test("a valid token with the right role gets through: 201 with the decoded body and the caller")
    func rightRole() async throws {
        let app = await TestService.application()
        let token = try await TestService.token(.salesperson, .finance, subject: "fiona")
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/v1/receipts", method: .post, headers: TestService.bearer(token),
                body: TestService.json(#"{"customerId":"c1","amount":"1200.50","method":"bank"}"#)
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[.contentType] == "application/json")
                let accepted = try response.decoded(TestService.ReceiptAccepted.self)
                #expect(accepted.customerId == "c1")
                #expect(accepted.amount == Money("1200.50"))
                #expect(accepted.recordedBy == "fiona")
                #expect(String(buffer: response.body).contains(#""amount":"1200.50""#), "amounts go back out as two-decimal strings")
            }
        }
    }

    @Test("the scheme word is case-insensitive (bearer / BEARER)")
    func schemeCase() async throws {
        let app = await TestService.application()
        let token = try await TestService.token(.auditor)
        try await app.test(.router) { client in
            for scheme in ["bearer", "BEARER"] {
                try await client.execute(uri: "/v1/whoami", method: .get, headers: [.authorization: "\(scheme) \(token)"]) { response in
                    #expect(response.status == .ok)
                }
            }
        }
    }
}

@Suite("TokenMinter: tokens for the demo, tests and the ops CLI")
struct TokenMinterTests {
    @Test("a minted token verifies with the same secret and carries subject and roles")
    func verifies() async throws {
        let token = try await TokenMinter.token(secret: TestService.secret, subject: "bob", roles: [.salesManager, .branchManager])
        let keys = await JWTAuthenticator.keys(secret: TestService.secret)
        let claims = try await keys.verify(token, as: O2CClaims.self)
        #expect(claims.sub?.value == "bob")
        #expect(Set(claims.roles ?? []) == ["sales_manager", "branch_manager"])
        let expires = try #require(claims.exp?.value)
        #expect(expires > Date().addingTimeInterval(11 * 3600), "the default lifetime is 12 hours")
        #expect(expires <= Date().addingTimeInterval(12 * 3600 + 5))
    }

    @Test("a minted token does not verify with another secret")
    func otherSecret() async throws {
        let token = try await TokenMinter.token(secret: TestService.secret, subject: "bob", roles: [.finance])
        let keys = await JWTAuthenticator.keys(secret: TestService.otherSecret)
        await #expect(throws: (any Error).self) { try await keys.verify(token, as: O2CClaims.self) }
    }

    @Test("a minted token is accepted by the service, which sees its subject and roles")
    func acceptedByService() async throws {
        let app = await TestService.application()
        let token = try await TestService.token(.salesDirector, .finance, subject: "carol")
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get, headers: TestService.bearer(token)) { response in
                #expect(response.status == .ok)
                let caller = try response.decoded(TestService.Caller.self)
                #expect(caller.subject == "carol")
                #expect(caller.roles == ["finance", "sales_director"])
            }
        }
    }

    @Test("role names the service does not know are ignored, not fatal")
    func unknownRolesIgnored() async throws {
        let keys = await JWTAuthenticator.keys(secret: TestService.secret)
        let token = try await keys.sign(
            O2CClaims(subject: "dave", roles: ["finance", "wizard", "FINANCE"], expires: Date().addingTimeInterval(600)))
        let app = await TestService.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get, headers: TestService.bearer(token)) { response in
                #expect(response.status == .ok)
                let caller = try response.decoded(TestService.Caller.self)
                #expect(caller.roles == ["finance"])
            }
            try await client.execute(
                uri: "/v1/receipts", method: .post, headers: TestService.bearer(token),
                body: TestService.json(#"{"customerId":"c1","amount":"1.00","method":"cash"}"#)
            ) { response in
                #expect(response.status == .created, "the known role still counts")
            }
        }
    }

    @Test("a token with only unknown roles authenticates but is refused 403 where a role is needed")
    func onlyUnknownRoles() async throws {
        let keys = await JWTAuthenticator.keys(secret: TestService.secret)
        let token = try await keys.sign(O2CClaims(subject: "eve", roles: ["wizard"], expires: Date().addingTimeInterval(600)))
        let app = await TestService.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get, headers: TestService.bearer(token)) { response in
                #expect(response.status == .forbidden)
                expectProblem(try response.problem(), status: .forbidden, code: "forbidden_role")
            }
        }
    }

    /// A token's claims relative to the moment it is signed (test arguments are built when the run starts).
    struct ClaimsAt: Sendable, CustomTestStringConvertible {
        var name: String
        var subject = "frank"
        var expiresIn: TimeInterval? = 600
        var issuedIn: TimeInterval? = nil
        var notBeforeIn: TimeInterval? = nil
        var reason: String
        var testDescription: String { name }
        func claims(now: Date) -> O2CClaims {
            O2CClaims(
                subject: subject, roles: ["auditor"], expires: expiresIn.map { now.addingTimeInterval($0) },
                issuedAt: issuedIn.map { now.addingTimeInterval($0) }, notBefore: notBeforeIn.map { now.addingTimeInterval($0) })
        }
    }

    /// CONTRACT.md "Faults, limits and identity": tokens.
    @Test(
        "a token without exp, past the maximum lifetime, before nbf, issued in the future or with an empty sub is 401 with a plain reason",
        arguments: [
            ClaimsAt(name: "no exp", expiresIn: nil, reason: "no expiry"),
            ClaimsAt(name: "13 hours", expiresIn: 13 * 3600, issuedIn: 0, reason: "lives longer"),
            ClaimsAt(name: "13 hours, no iat", expiresIn: 13 * 3600, reason: "lives longer"),
            ClaimsAt(name: "nbf in 5 min", notBeforeIn: 300, reason: "not valid yet"),
            ClaimsAt(name: "iat in 5 min", issuedIn: 300, reason: "issued in the future"),
            ClaimsAt(name: "empty sub", subject: "  ", reason: "names no user"),
            ClaimsAt(name: "expired", expiresIn: -120, reason: "has expired"),
        ])
    func refusedClaims(_ claims: ClaimsAt) async throws {
        let keys = await JWTAuthenticator.keys(secret: TestService.secret)
        let token = try await keys.sign(claims.claims(now: Date()))
        let name = claims.name, reason = claims.reason
        let app = await TestService.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get, headers: TestService.bearer(token)) { response in
                #expect(response.status == .unauthorized, "\(name)")
                let problem = try response.problem()
                expectProblem(problem, status: .unauthorized, code: "unauthorized")
                #expect(problem.detail.contains(reason), "\(name): \(problem.detail)")
                #expect(!problem.detail.contains("JWTKit"), "\(name): \(problem.detail)")
            }
        }
    }

    @Test("within the limits a token counts: 12 hours from iat, nbf and iat within the 60 s skew")
    func acceptedClaims() async throws {
        let keys = await JWTAuthenticator.keys(secret: TestService.secret)
        let now = Date()
        let token = try await keys.sign(
            O2CClaims(
                subject: "grace", roles: ["auditor"], expires: now.addingTimeInterval(12 * 3600), issuedAt: now.addingTimeInterval(30),
                notBefore: now.addingTimeInterval(30)))
        let app = await TestService.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get, headers: TestService.bearer(token)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("a malformed token's 401 says so in plain words, not the library's error")
    func plainMalformed() async throws {
        let app = await TestService.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/whoami", method: .get, headers: [.authorization: "Bearer not-a-jwt"]) { response in
                let problem = try response.problem()
                #expect(problem.detail == "the token is not a well-formed HS256 JWT")
            }
            let forged = try await TestService.token(.generalManager, secret: TestService.otherSecret)
            try await client.execute(uri: "/v1/whoami", method: .get, headers: TestService.bearer(forged)) { response in
                let problem = try response.problem()
                #expect(problem.detail.contains("signature does not match"))
            }
        }
    }
}
