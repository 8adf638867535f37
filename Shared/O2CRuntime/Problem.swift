import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import O2CContracts

/// An RFC 9457 problem: every error a service answers with, as `application/problem+json` with a
/// machine-readable `code` (CONTRACT.md "HTTP conventions").
package struct Problem: Error, Sendable, Codable, Equatable {
    package var type: String
    package var title: String
    package var status: Int
    package var detail: String
    package var code: String
    /// For `validation_failed`: which fields, and what is wrong with each.
    package var errors: [FieldError]?
    /// For `internal`: the request's id, as in the service's log, to quote when reporting it.
    package var requestId: String?
    /// For `unavailable` and `busy` (and `in_progress`): seconds after which trying again makes sense,
    /// sent as the `Retry-After` header.
    package var retryAfterSeconds: Int?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, code, errors, requestId }

    package struct FieldError: Sendable, Codable, Equatable {
        package var field: String
        package var message: String
        package init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    package init(status: HTTPResponse.Status, code: String, detail: String, errors: [FieldError]? = nil) {
        self.type = "/problems/\(code)"
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.code = code
        self.errors = errors
    }

    package static func validation(_ detail: String, errors: [FieldError]? = nil) -> Problem {
        Problem(status: .unprocessableContent, code: "validation_failed", detail: detail, errors: errors)
    }
    /// A business rule's refusal, whose code is one of CONTRACT.md's problem codes: the one mapping the
    /// services' rule errors share (role 403, not found 404, state and conflicts 409, validation and the
    /// business refusals 422; separation of duties 403), with the fields at fault.
    package static func rule(code: String, detail: String, fieldErrors: [FieldError]) -> Problem {
        let status: HTTPResponse.Status =
            switch code {
            case "forbidden_role", "separation_of_duties": .forbidden
            case "not_found": .notFound
            case "invalid_state", "conflict", "approval_required", "insufficient_stock", "change_pending", "duplicate_receipt",
                "penalty_pending":
                .conflict
            default: .unprocessableContent
            }
        let errors = fieldErrors.isEmpty && code != "validation_failed" ? nil : fieldErrors
        return Problem(status: status, code: code, detail: detail, errors: errors)
    }

    /// A dependency (database, broker) is away: 503 `unavailable`, try again shortly.
    package static func unavailable(_ detail: String, retryAfterSeconds: Int = 2) -> Problem {
        var problem = Problem(status: .serviceUnavailable, code: "unavailable", detail: detail)
        problem.retryAfterSeconds = retryAfterSeconds
        return problem
    }
    /// The request waited too long for a lock or a connection: 503 `busy`, try again shortly.
    package static func busy(_ detail: String, retryAfterSeconds: Int = 1) -> Problem {
        var problem = Problem(status: .serviceUnavailable, code: "busy", detail: detail)
        problem.retryAfterSeconds = retryAfterSeconds
        return problem
    }

    package static func notFound(_ detail: String) -> Problem { Problem(status: .notFound, code: "not_found", detail: detail) }
    package static func conflict(_ detail: String) -> Problem { Problem(status: .conflict, code: "conflict", detail: detail) }
    package static func invalidState(_ detail: String) -> Problem { Problem(status: .conflict, code: "invalid_state", detail: detail) }
    package static func forbiddenRole(_ detail: String) -> Problem { Problem(status: .forbidden, code: "forbidden_role", detail: detail) }
    package static func unauthorized(_ detail: String) -> Problem { Problem(status: .unauthorized, code: "unauthorized", detail: detail) }

    package func response() -> Response {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension RuleViolation {
    /// A business rule's refusal as problem+json: its code 1:1 (CONTRACT.md), with the fields at fault.
    package var problem: Problem {
        Problem.rule(
            code: code.rawValue, detail: detail, fieldErrors: fieldErrors.map { Problem.FieldError(field: $0.field, message: $0.message) })
    }
}
