import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging

/// The per-request context: who is calling (from the bearer token) and the request's limits.
package struct O2CRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// Set by `JWTAuthenticator` on every route that is not public.
    package var principal: Principal?

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// Request bodies larger than this are refused with 413 before they are decoded.
    package var maxUploadSize: Int { 256 * 1024 }

    /// JSON bodies with RFC 3339 times between 2000-01-01 and 2199-12-31 (`Instant`); a body that does not decode is a 422 `validation_failed` naming the field.
    package var requestDecoder: ValidatingJSONDecoder { ValidatingJSONDecoder() }

    /// The caller, who must hold one of `roles` (403 `forbidden_role` otherwise).
    package func require(_ roles: Role...) throws -> Principal {
        try require(anyOf: Set(roles))
    }

    package func require(anyOf roles: Set<Role>) throws -> Principal {
        guard let principal else { throw Problem.unauthorized("a bearer token is required") }
        guard !principal.roles.isDisjoint(with: roles) else {
            throw Problem.forbiddenRole(
                "this needs one of the roles \(roles.map(\.rawValue).sorted().joined(separator: ", ")); the token has \(principal.roles.map(\.rawValue).sorted().joined(separator: ", "))"
            )
        }
        return principal
    }

    /// The actor to record for a change made in `role` (the first of the caller's roles that allows it).
    package func actor(as roles: Role...) throws -> Author {
        let principal = try require(anyOf: Set(roles))
        // `require` found one of `roles` in the token, so `first` finds it too.
        guard let role = roles.first(where: { principal.roles.contains($0) }) else { throw Problem.forbiddenRole("no role for this step") }
        return Author(subject: principal.subject, role: role.rawValue)
    }
}

/// Turns a `DecodingError` into the 422 problem here, before Hummingbird's `Request.decode` can turn it
/// into a bare 400 that no longer names the field.
package struct ValidatingJSONDecoder: RequestDecoder {
    package func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = Instant.decodingStrategy
        do {
            return try await decoder.decode(type, from: request, context: context)
        } catch let error as DecodingError {
            throw ProblemMiddleware<O2CRequestContext>.problem(for: error, logger: context.logger)
        }
    }
}

/// The authenticated caller: token subject and roles.
package struct Principal: Sendable, Hashable {
    package var subject: String
    package var roles: Set<Role>
    package init(subject: String, roles: Set<Role>) {
        self.subject = subject
        self.roles = roles
    }
}
