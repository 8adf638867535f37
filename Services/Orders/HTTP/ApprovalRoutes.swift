import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// A document that waits for its required approvals (DOMAIN.md "Prices and approvals"): a quote or bid,
/// a contract. `pending_approval` → `approved` once every required role approved, `rejected` on a rejection.
protocol Approvable: Encodable, Sendable {
    associatedtype Status: ApprovalStatus
    /// How approval decisions name their subject.
    static var subject: ApprovalSubject { get }
    static func lock(_ id: String, on connection: PostgresConnection) async throws -> Self
    var status: Status { get set }
    var approval: ApprovalState { get set }
    /// Who created it (separation of duties: they decide nothing on it).
    var createdBy: String? { get }
    func update(by actor: Author, at now: Date, on connection: PostgresConnection) async throws
}

extension Quote: Approvable {
    static let subject = ApprovalSubject.quote
    static func lock(_ id: String, on connection: PostgresConnection) async throws -> Quote {
        try await QuoteStore.lock(id, on: connection)
    }
    func update(by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await QuoteStore.update(self, by: actor, at: now, on: connection)
    }
}

extension Contract: Approvable {
    static let subject = ApprovalSubject.contract
    static func lock(_ id: String, on connection: PostgresConnection) async throws -> Contract {
        try await ContractStore.lock(id, on: connection)
    }
    func update(by actor: Author, at now: Date, on connection: PostgresConnection) async throws {
        try await ContractStore.update(self, by: actor, at: now, on: connection)
    }
}

/// `POST /v1/<documents>/{id}/approvals` `{decision, comment}`: one route for quotes and contracts. Only
/// the roles the price rules can require may call it; `ApprovalRecorder` takes the decision only from a
/// role the document still needs, never from its author, and from one person in one role only.
enum ApprovalRoutes {
    /// Every role a quote, contract or change request can require (DOMAIN.md "Prices and approvals",
    /// "Order amendments").
    static let approvers: Set<Role> = [.salesManager, .generalManager]

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        add(Quote.self, at: "/v1/quotes/{id}/approvals", to: router, environment: environment)
        add(Contract.self, at: "/v1/contracts/{id}/approvals", to: router, environment: environment)
    }

    private static func add<Document: Approvable>(
        _ type: Document.Type, at path: RouterPath, to router: Router<O2CRequestContext>, environment: ServiceEnvironment
    ) {
        router.post(path) { request, context in
            let principal = try context.require(anyOf: approvers)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: ApprovalBody.self, context: context)
            let now = environment.clock.now()
            let document = try await environment.pool.transaction { connection in
                var document = try await Document.lock(id, on: connection)
                guard document.status.takesApprovals else {
                    throw RuleViolation.invalidState(
                        "\(Document.subject.rawValue) \(id) is \(document.status.rawValue); approvals are closed")
                }
                let recorder = ApprovalRecorder(subject: Document.subject, subjectId: id, author: document.createdBy)
                let (change, actor) = try await recorder.record(
                    body, on: &document.approval, by: principal, at: now, connection: connection)
                document.status = .after(document.approval)
                if change != .unchanged { try await document.update(by: actor, at: now, on: connection) }
                return document
            }
            return try JSONResponse(document).response()
        }
    }
}
