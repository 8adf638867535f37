import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import O2CAMQP
import O2CContracts
import O2CPostgres

/// Turns every error into problem+json, in one place (CONTRACT.md "Faults, limits and identity"). Bad
/// input (a body that does not decode, too large, unknown route) and a business rule's refusal are a 4xx;
/// a database or broker that is away is 503 `unavailable`, a wait for a lock or a connection that ran out
/// is 503 `busy`, both with `Retry-After`; only a defect is a 500 `internal`, logged with the request id
/// and counted (`o2c_http_internal_errors_total`).
package struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    package init() {}

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.problem(for: error, logger: context.logger, requestID: context.id).response()
        }
    }

    static func problem(for error: any Error, logger: Logger, requestID: String? = nil) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let violation as RuleViolation:
            return violation.problem
        case let error as PostgresError where error.isBusy:
            logger.notice("request gave up waiting for the database", metadata: ["error": "\(error)"])
            return .busy(
                error.code == .poolTimeout
                    ? "every database connection is busy; try again shortly"
                    : "the request waited too long for data another request holds; try again shortly")
        case let error as PostgresError where error.isUnavailable:
            logger.warning("database unavailable during a request", metadata: ["error": "\(error)"])
            return .unavailable(
                error.code == .commitOutcomeUnknown
                    ? "the database connection was lost while committing; retry with the same Idempotency-Key to learn the outcome"
                    : "the database is not reachable; try again shortly")
        case let error as AMQPError:
            logger.warning("broker unavailable during a request", metadata: ["error": "\(error)"])
            return .unavailable("the message broker is not reachable; try again shortly")
        case let error as DecodingError:
            return .validation("the request body is not valid: \(Self.describe(error))", errors: Self.fieldErrors(error))
        case let error as any HTTPResponseError:  // HTTPError, and Hummingbird's others (a body over the limit: NIOTooManyBytesError)
            let code: String =
                switch error.status {
                case .notFound: "not_found"
                case .contentTooLarge: "payload_too_large"
                case .unauthorized: "unauthorized"
                case .forbidden: "forbidden_role"
                case .methodNotAllowed: "method_not_allowed"
                case .badRequest, .unprocessableContent: "validation_failed"
                default: error.status.code >= 500 ? "internal" : "bad_request"
                }
            guard error.status.code >= 500 else {
                return Problem(status: error.status, code: code, detail: (error as? HTTPError)?.body ?? error.status.reasonPhrase)
            }
            return internalError(error, logger: logger, requestID: requestID)
        default:
            return internalError(error, logger: logger, requestID: requestID)
        }
    }

    /// A defect: logged with the request id, counted, answered without the error's text.
    static func internalError(_ error: any Error, logger: Logger, requestID: String?) -> Problem {
        logger.error("request failed with an internal error", metadata: ["error": "\(error)", "request.id": "\(requestID ?? "-")"])
        Counter(label: "o2c_http_internal_errors_total").increment()
        var problem = Problem(
            status: .internalServerError, code: "internal",
            detail: "an unexpected error occurred; it has been logged" + (requestID.map { " with request id \($0)" } ?? ""))
        problem.requestId = requestID
        return problem
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.isEmpty ? context.debugDescription : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }

    static func fieldErrors(_ error: DecodingError) -> [Problem.FieldError]? {
        switch error {
        case .keyNotFound(let key, let context): [.init(field: path(context.codingPath + [key]), message: "is required")]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.isEmpty ? nil : [.init(field: path(context.codingPath), message: context.debugDescription)]
        @unknown default: nil
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }
}
