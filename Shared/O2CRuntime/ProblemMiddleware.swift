import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into problem+json, in one place. Bad input (a body that does not decode, too large,
/// unknown route) is a 4xx; only an unexpected failure is a 500, logged with the request.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.problem(for: error, logger: context.logger).response()
        }
    }

    static func problem(for error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as DecodingError:
            return .validation("the request body is not valid: \(Self.describe(error))", errors: Self.fieldErrors(error))
        case let error as any HTTPResponseError:  // HTTPError, and Hummingbird's others (a body over the limit: NIOTooManyBytesError)
            let code: String = switch error.status {
            case .notFound: "not_found"
            case .contentTooLarge: "payload_too_large"
            case .unauthorized: "unauthorized"
            case .forbidden: "forbidden_role"
            case .methodNotAllowed: "method_not_allowed"
            case .badRequest, .unprocessableContent: "validation_failed"
            default: error.status.code >= 500 ? "internal_error" : "bad_request"
            }
            if error.status.code >= 500 { logger.error("request failed", metadata: ["error": "\(error)"]) }
            return Problem(status: error.status, code: code, detail: (error as? HTTPError)?.body ?? error.status.reasonPhrase)
        default:
            logger.error("request failed", metadata: ["error": "\(error)"])
            return Problem(status: .internalServerError, code: "internal_error", detail: "an unexpected error occurred; it has been logged")
        }
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
