import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import Logging
import O2CContracts

/// The claims of CONTRACT.md "Authentication": `sub`, `roles`, and an optional `exp`.
public struct O2CClaims: JWTPayload, Equatable {
    public var sub: SubjectClaim
    public var roles: [String]
    public var exp: ExpirationClaim?

    public init(subject: String, roles: [String], expires: Date? = nil) {
        self.sub = SubjectClaim(value: subject)
        self.roles = roles
        self.exp = expires.map { ExpirationClaim(value: $0) }
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp?.verifyNotExpired()
    }
}

/// Checks the bearer token (HS256 with `O2C_AUTH_SECRET`) on every route but the public ones and puts
/// the caller in the context. No or bad token: 401 problem+json.
public struct JWTAuthenticator: RouterMiddleware {
    public typealias Context = O2CRequestContext
    let keys: JWTKeyCollection
    let publicPaths: Set<String>

    public init(keys: JWTKeyCollection, publicPaths: Set<String>) {
        self.keys = keys
        self.publicPaths = publicPaths
    }

    public static func keys(secret: String) async -> JWTKeyCollection {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return keys
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if publicPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem.unauthorized("missing bearer token")
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        let claims: O2CClaims
        do {
            claims = try await keys.verify(token, as: O2CClaims.self)
        } catch {
            throw Problem.unauthorized("invalid bearer token: \(error)")
        }
        var context = context
        context.principal = Principal(subject: claims.sub.value, roles: Set(claims.roles.compactMap(Role.init(rawValue:))))
        context.logger[metadataKey: "user.id"] = "\(claims.sub.value)"
        return try await next(request, context)
    }
}

/// Mints tokens (for the demo, tests and the ops CLI).
public enum TokenMinter {
    public static func token(secret: String, subject: String, roles: [Role], lifetime: TimeInterval = 12 * 3600) async throws -> String {
        let keys = await JWTAuthenticator.keys(secret: secret)
        return try await keys.sign(O2CClaims(subject: subject, roles: roles.map(\.rawValue), expires: Date().addingTimeInterval(lifetime)))
    }
}
