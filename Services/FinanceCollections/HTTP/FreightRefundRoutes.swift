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
///   not the one who requested it: 403 `separation_of_duties`): approving issues a credit note against that freight invoice (`CreditNoteIssuer`): it offsets what the
///   invoice still owes and refunds the rest (what was paid), so the ledger identity holds.
enum FreightRefundRoutes {
    struct RequestBody: Decodable { var invoiceId: String, amount: Money, reason: String }
    struct DecisionBody: Decodable { var decision: String, comment: String? }

    struct FreightRefund: Encodable {
        var id: String, invoiceId: String, customerId: String, orderId: String?, amount: Money, reason: String, status: String
        var requestedBy: String, requestedAt: Date, decidedBy: String?, decidedAt: Date?, comment: String?
        var creditNote: CreditNoteIssuer.Issued?
        init(_ row: PostgresRow, creditNote: CreditNoteIssuer.Issued? = nil) throws {
            (id, invoiceId, customerId, orderId) = (try row.string("id"), try row.string("invoice_id"), try row.string("customer_id"), row["order_id"])
            (amount, reason, status) = (Money(minorUnits: try row.int64("amount")), try row.string("reason"), try row.string("status"))
            (requestedBy, requestedAt) = (try row.string("requested_by"), try row.date("requested_at"))
            (decidedBy, decidedAt, comment) = (row["decided_by"], try row.optionalDate("decided_at"), row["decision_comment"])
            self.creditNote = creditNote
        }
    }

    static let columns = """
        id, invoice_id, customer_id, order_id, amount, reason, status, requested_by, requested_at, decided_by, decided_at, decision_comment
        """

    static func add(to router: Router<O2CRequestContext>, environment: ServiceEnvironment) {
        router.post("/v1/freight-refunds") { request, context -> Response in
            let actor = try context.actor(as: .finance)
            let body = try await request.decode(as: RequestBody.self, context: context)
            var errors: [Problem.FieldError] = []
            if body.amount <= .zero { errors.append(.init(field: "amount", message: "must be more than 0.00")) }
            if body.reason.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.init(field: "reason", message: "is required")) }
            guard errors.isEmpty else { throw Problem.validation("the freight refund is incomplete", errors: errors) }
            let refund = try await environment.pool.transaction { connection in
                guard let row = try await connection.query("select \(InvoiceStore.columns) from invoices where id = $1", [body.invoiceId]).first
                else { throw Problem.notFound("no invoice \(body.invoiceId)") }
                let invoice = try InvoiceStore.invoice(row)
                guard invoice.kind == .freight else {
                    throw Problem.validation("only freight can be refunded here", errors: [.init(field: "invoiceId", message: "is a \(invoice.kind.rawValue) invoice")])
                }
                guard invoice.status != .cancelled else { throw Problem.invalidState("invoice \(invoice.id) is cancelled") }
                try await InvoiceStore.lockCustomer(invoice.customerId, on: connection)
                let taken = try await connection.query(
                    "select coalesce(sum(amount), 0) as taken from freight_refunds where invoice_id = $1 and status <> 'rejected'", [invoice.id])
                // What was taken is at most the invoice's amount (each refund was checked against what was left).
                let left = try invoice.amount - Money(minorUnits: try taken.onlyRow().int64("taken"))
                guard body.amount <= left else {
                    throw Problem.validation("more than the freight left to refund", errors: [.init(field: "amount", message: "at most \(left) is left to refund on \(invoice.id)")])
                }
                let inserted = try await connection.query(
                    """
                    insert into freight_refunds (id, invoice_id, customer_id, order_id, amount, reason, status, requested_by, requested_role, requested_at)
                    values ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9) returning \(columns)
                    """,
                    [InvoiceStore.newID("frf"), invoice.id, invoice.customerId, invoice.orderId, body.amount.minorUnits, body.reason,
                     actor.subject, actor.role, environment.clock.now()])
                return try FreightRefund(inserted.onlyRow())
            }
            return try JSONResponse(refund, status: .created).response()
        }

        router.post("/v1/freight-refunds/:id/approvals") { request, context -> Response in
            let actor = try context.actor(as: .generalManager)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: DecisionBody.self, context: context)
            guard ["approve", "reject"].contains(body.decision) else {
                throw Problem.validation("decide approve or reject", errors: [.init(field: "decision", message: "must be approve or reject")])
            }
            let now = environment.clock.now()
            let refund = try await environment.pool.transaction { connection in
                guard let pending = try await connection.query("select \(columns) from freight_refunds where id = $1 for update", [id]).first
                else { throw Problem.notFound("no freight refund \(id)") }
                let request = try FreightRefund(pending)
                try applyingRule { () throws(RuleViolation) in
                    try SeparationOfDuties.refuseAuthor(
                        actor.subject, deciding: body.decision, on: .init("freight refund \(id)", author: request.requestedBy))
                }
                guard request.status == "pending" else { throw Problem.invalidState("freight refund \(id) is already \(request.status)") }
                var issued: CreditNoteIssuer.Issued?
                if body.decision == "approve" {
                    issued = try await creditNote(for: request, approvedBy: actor, now: now, environment: environment, on: connection)
                }
                let decided = try await connection.query(
                    """
                    update freight_refunds set status = $2, decided_by = $3, decided_role = $4, decided_at = $5, decision_comment = $6,
                        credit_note_id = $7 where id = $1 returning \(columns)
                    """,
                    [id, body.decision == "approve" ? "approved" : "rejected", actor.subject, actor.role, now, body.comment, issued?.creditNoteId])
                return try FreightRefund(decided.onlyRow(), creditNote: issued)
            }
            return try JSONResponse(refund).response()
        }
    }

    /// The credit note for an approved refund, used against its freight invoice alone.
    static func creditNote(
        for refund: FreightRefund, approvedBy: Author, now: Date, environment: ServiceEnvironment, on connection: PostgresConnection
    ) async throws -> CreditNoteIssuer.Issued {
        try await InvoiceStore.lockCustomer(refund.customerId, on: connection)
        let freight = try await connection.query(
            "select \(InvoiceStore.columns) from invoices where id = $1 for update", [refund.invoiceId]).rows.map(InvoiceStore.invoice)
        let outbox = FinanceOutbox(connection: connection, outbox: environment.outbox, causationID: refund.id)
        let request = CreditNoteIssuer.Request(
            customerId: refund.customerId, orderId: refund.orderId, returnId: nil, freightRefundId: refund.id, amount: refund.amount,
            reason: "freight refund \(refund.id): \(refund.reason)", refundKind: "freight", approvedBy: approvedBy)
        return try await CreditNoteIssuer(outbox: outbox, now: now, actor: approvedBy).issue(request, against: freight)
    }
}
