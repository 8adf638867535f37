import Foundation
import Hummingbird
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// Refunding advanced freight (代垫运费; DOMAIN.md "Invoices, receipts and the customer's account":
/// refunding advanced freight needs general_manager approval).
///
/// - `POST /v1/freight-refunds` `{invoiceId, amount, reason}` (finance): a pending request against a
///   freight invoice, for no more than it charged less what earlier refunds (pending or approved) took;
/// - `POST /v1/freight-refunds/{id}/approvals` `{decision: "approve"|"reject", comment}` (general_manager,
///   not the one who requested it: 403 `separation_of_duties`): approving issues a credit note against that freight invoice
///   (`CreditNoteStore.issue`): it offsets what the invoice still owes and refunds the rest (what was paid), so the ledger
///   identity holds.
enum FreightRefundRoutes {
    struct RequestBody: Decodable { var invoiceId: String, amount: Money, reason: String }
    struct DecisionBody: Decodable { var decision: String, comment: String? }

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/freight-refunds") { request, context -> Response in
            let actor = try context.actor(as: .finance)
            let body = try await request.decode(as: RequestBody.self, context: context)
            var errors: [Problem.FieldError] = []
            if body.amount <= .zero { errors.append(.init(field: "amount", message: "must be more than 0.00")) }
            if body.reason.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.init(field: "reason", message: "is required")) }
            guard errors.isEmpty else { throw Problem.validation("the freight refund is incomplete", errors: errors) }
            let refund = try await environment.pool.transaction { connection in
                guard let invoice = try await InvoiceStore.find(body.invoiceId, on: connection)
                else { throw RuleViolation.notFound("no invoice \(body.invoiceId)") }
                guard invoice.kind == .freight else {
                    throw RuleViolation.validation(
                        "only freight can be refunded here",
                        errors: [.init(field: "invoiceId", message: "is a \(invoice.kind.rawValue) invoice")])
                }
                guard invoice.status != .cancelled else { throw RuleViolation.invalidState("invoice \(invoice.id) is cancelled") }
                try await InvoiceStore.lockCustomer(invoice.customerId, on: connection)
                let taken = try await FreightRefundStore.taken(fromInvoice: invoice.id, on: connection)
                // What was taken is at most the invoice's amount (each refund was checked against what was left).
                let left = try invoice.amount - taken
                guard body.amount <= left else {
                    throw RuleViolation.validation(
                        "more than the freight left to refund",
                        errors: [.init(field: "amount", message: "at most \(left) is left to refund on \(invoice.id)")])
                }
                return try await FreightRefundStore.request(
                    body.amount, of: invoice, reason: body.reason, by: actor, at: environment.clock.now(), on: connection)
            }
            return try JSONResponse(refund, status: .created).response()
        }

        router.post("/v1/freight-refunds/:id/approvals") { request, context -> Response in
            let actor = try context.actor(as: .generalManager)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: DecisionBody.self, context: context)
            guard ["approve", "reject"].contains(body.decision) else {
                throw Problem.validation(
                    "decide approve or reject", errors: [.init(field: "decision", message: "must be approve or reject")])
            }
            let now = environment.clock.now()
            let refund = try await environment.pool.transaction { connection in
                let request = try await FreightRefundStore.locked(id, on: connection)
                try SeparationOfDuties.refuseAuthor(
                    actor.subject, deciding: body.decision, on: .init("freight refund \(id)", author: request.requestedBy))
                guard request.status == "pending" else {
                    throw RuleViolation.invalidState("freight refund \(id) is already \(request.status)")
                }
                var issued: CreditNoteStore.Issued?
                if body.decision == "approve" {
                    issued = try await creditNote(for: request, approvedBy: actor, now: now, environment: environment, on: connection)
                }
                return try await FreightRefundStore.decide(
                    id, status: body.decision == "approve" ? "approved" : "rejected", by: actor, comment: body.comment, creditNote: issued,
                    at: now, on: connection)
            }
            return try JSONResponse(refund).response()
        }
    }

    /// The credit note for an approved refund, used against its freight invoice alone.
    static func creditNote(
        for refund: FreightRefundStore.FreightRefund, approvedBy: Author, now: Date, environment: ServiceEnvironment,
        on connection: PostgresConnection
    ) async throws -> CreditNoteStore.Issued {
        try await InvoiceStore.lockCustomer(refund.customerId, on: connection)
        let freight = try await InvoiceStore.find(refund.invoiceId, lock: true, on: connection).map { [$0] } ?? []
        let request = CreditNoteStore.Request(
            customerId: refund.customerId, orderId: refund.orderId, returnId: nil, freightRefundId: refund.id, amount: refund.amount,
            reason: "freight refund \(refund.id): \(refund.reason)", refundKind: "freight", approvedBy: approvedBy)
        return try await CreditNoteStore.issue(
            request, against: freight, actor: approvedBy, causationID: refund.id, outbox: environment.outbox, at: now, on: connection)
    }
}
