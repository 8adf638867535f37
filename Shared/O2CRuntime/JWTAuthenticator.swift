import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import Logging
import O2CContracts

/// The claims of CONTRACT.md "Authentication" and "Faults, limits and identity": `sub`, `roles`, `exp`
/// (required), and `iat`/`nbf` when the issuer sets them. Decoded leniently so that each missing or bad
/// claim gets its own plain 401 from ``TokenRules``, not a decoder's message.
package struct O2CClaims: JWTPayload, Equatable {
    package var sub: SubjectClaim?
    package var roles: [String]?
    package var exp: ExpirationClaim?
    package var iat: IssuedAtClaim?
    package var nbf: NotBeforeClaim?

    package init(subject: String, roles: [String], expires: Date? = nil, issuedAt: Date? = nil, notBefore: Date? = nil) {
        self.sub = SubjectClaim(value: subject)
        self.roles = roles
        self.exp = expires.map { ExpirationClaim(value: $0) }
        self.iat = issuedAt.map { IssuedAtClaim(value: $0) }
        self.nbf = notBefore.map { NotBeforeClaim(value: $0) }
    }

    /// Time claims are checked by ``TokenRules`` against the configured lifetime, after the signature.
    package func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// What makes a verified token count (CONTRACT.md "Faults, limits and identity"): `exp` present, not
/// past, and at most `maxLifetime` after `iat` (or after now, when there is no `iat`); `nbf` and `iat`
/// not in the future; `sub` not empty; `roles` a list. Times with 60 s of clock skew, against the wall
/// clock (never the movable test clock).
package struct TokenRules: Sendable {
    package var maxLifetime: TimeInterval
    package static let skew: TimeInterval = 60

    package init(maxLifetime: TimeInterval = 43_200) { self.maxLifetime = maxLifetime }

    /// The caller, or a 401 whose detail says in plain words what is wrong with the token.
    package func principal(from claims: O2CClaims, now: Date = Date()) throws(Problem) -> Principal {
        guard let subject = claims.sub?.value.trimmingCharacters(in: .whitespaces), !subject.isEmpty else {
            throw Problem.unauthorized("the token names no user: its sub claim is missing or empty")
        }
        guard let roles = claims.roles else { throw Problem.unauthorized("the token has no roles claim") }
        guard let expires = claims.exp?.value else {
            throw Problem.unauthorized("the token has no expiry: an exp claim is required")
        }
        guard expires.timeIntervalSince(now) > -Self.skew else { throw Problem.unauthorized("the token has expired") }
        if let notBefore = claims.nbf?.value, notBefore.timeIntervalSince(now) > Self.skew {
            throw Problem.unauthorized("the token is not valid yet (nbf is in the future)")
        }
        let issued = claims.iat?.value
        if let issued, issued.timeIntervalSince(now) > Self.skew {
            throw Problem.unauthorized("the token was issued in the future (iat); check the issuer's clock")
        }
        guard expires.timeIntervalSince(issued ?? now) <= maxLifetime + Self.skew else {
            throw Problem.unauthorized("the token lives longer than the \(Int(maxLifetime)) seconds a token may live")
        }
        return Principal(subject: subject, roles: Set(roles.compactMap(Role.init(rawValue:))))
    }
}

/// Checks the bearer token (HS256 with `O2C_AUTH_SECRET`) on every route but the public ones and puts
/// the caller in the context. No or bad token: 401 problem+json with a plain reason.
package struct JWTAuthenticator: RouterMiddleware {
    package typealias Context = O2CRequestContext
    let keys: JWTKeyCollection
    let publicPaths: Set<String>
    let rules: TokenRules

    package init(keys: JWTKeyCollection, publicPaths: Set<String>, rules: TokenRules = TokenRules()) {
        self.keys = keys
        self.publicPaths = publicPaths
        self.rules = rules
    }

    package static func keys(secret: String) async -> JWTKeyCollection {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return keys
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if publicPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem.unauthorized("missing bearer token: send Authorization: Bearer <token>")
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        let claims: O2CClaims
        do {
            claims = try await keys.verify(token, as: O2CClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw Problem.unauthorized("the token's signature does not match: it was not issued for this service")
        } catch {
            throw Problem.unauthorized("the token is not a well-formed HS256 JWT")
        }
        var context = context
        context.principal = try rules.principal(from: claims)
        context.logger[metadataKey: "user.id"] = "\(context.principal?.subject ?? "")"
        return try await next(request, context)
    }
}

/// Mints tokens (for the demo, tests and the ops CLI).
package enum TokenMinter {
    package static func token(secret: String, subject: String, roles: [Role], lifetime: TimeInterval = 12 * 3600) async throws -> String {
        let keys = await JWTAuthenticator.keys(secret: secret)
        let now = Date()
        return try await keys.sign(
            O2CClaims(subject: subject, roles: roles.map(\.rawValue), expires: now.addingTimeInterval(lifetime), issuedAt: now))
    }
}
