import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Credit notes (for a return, or an approved freight refund), used at once (`CreditNoteSettlement`):
/// offset against the invoices given, oldest first, each recorded as an allocation of source
/// `credit_note`; the remainder refunded (a `credit_note_refunds` row). Every invoice the offset settles
/// publishes `finance.invoice_paid.v1`, as a receipt would (credit lifts holds and exposure, the order
/// saga sees payment). No `finance.invoice_issued.v1` for the note itself: credit would count it as
/// exposure. The caller holds the customer's lock.
enum CreditNoteStore {
    struct Request {
        var customerId: String
        var orderId: String?
        var returnId: String?
        var freightRefundId: String?
        var amount: Money
        var reason: String
        /// `return` or `freight`: what the refund row, if any, is for.
        var refundKind: String
        /// Who approved the refund (the general_manager for freight), when someone did.
        var approvedBy: Author?
    }

    struct Issued: Equatable, Encodable {
        var creditNoteId: String
        var amount: Money
        var offset: Money
        var refunded: Money
    }

    /// Issues the note, settles it against `invoices` and writes the `finance.invoice_paid.v1` of each
    /// invoice it settles to the outbox (caused by `causationID`).
    static func issue(
        _ request: Request, against invoices: [Invoice], actor: Author = .system, causationID: String?, outbox: Outbox, at now: Date,
        on connection: PostgresConnection
    ) async throws -> Issued {
        let settlement = try CreditNoteSettlement(amount: request.amount, customerId: request.customerId, against: invoices)
        let note = CreditNoteSettlement.creditNote(
            id: InvoiceStore.newID("cn"), customerId: request.customerId, orderId: request.orderId, amount: request.amount,
            issuedAt: now, calendar: FinanceCalendar.business)
        _ = try await InvoiceStore.insert(note, actor: actor, on: connection)
        try await connection.query(
            """
            insert into credit_notes (invoice_id, customer_id, order_id, return_id, freight_refund_id, amount, offset_amount, refunded,
                                      reason, created_by, created_role, created_at)
            values (\(note.id), \(request.customerId), \(request.orderId), \(request.returnId), \(request.freightRefundId),
                    \(request.amount.minorUnits), \(settlement.offset.minorUnits), \(settlement.refunded.minorUnits), \(request.reason),
                    \(actor.subject), \(actor.role), \(now))
            """)
        try await AllocationStore.recordOffsets(settlement.offsets, creditNoteId: note.id, actor: actor, at: now, on: connection)
        try await InvoiceStore.saveAllocated(settlement.updatedInvoices, at: now, on: connection)
        if settlement.refunded > .zero {
            try await connection.query(
                """
                insert into credit_note_refunds (id, credit_note_id, kind, return_id, freight_refund_id, order_id, customer_id, amount,
                                                 reason, approved_by, approved_role, created_by, created_role, created_at)
                values (\(InvoiceStore.newID("ref")), \(note.id), \(request.refundKind), \(request.returnId), \(request.freightRefundId),
                        \(request.orderId), \(request.customerId), \(settlement.refunded.minorUnits), \(request.reason),
                        \(request.approvedBy?.subject), \(request.approvedBy?.role), \(actor.subject), \(actor.role), \(now))
                """)
        }
        try await outbox.enqueue(try FinanceMessages.paid(settlement.updatedInvoices, at: now, causationID: causationID), on: connection)
        return Issued(creditNoteId: note.id, amount: request.amount, offset: settlement.offset, refunded: settlement.refunded)
    }

    /// The fact already published for `returnId`, rebuilt from its `credit_notes` row.
    static func issued(forReturn returnId: String, on connection: PostgresConnection) async throws -> CreditNoteIssued? {
        guard
            let row = try await connection.query(
                "select invoice_id, order_id, customer_id, amount, offset_amount, refunded from credit_notes where return_id = \(returnId)"
            ).first
        else { return nil }
        return CreditNoteIssued(
            creditNoteId: try row.string("invoice_id"), returnId: returnId, orderId: row["order_id"] ?? "",
            customerId: try row.string("customer_id"), amount: Money(minorUnits: try row.int64("amount")),
            offset: Money(minorUnits: try row.int64("offset_amount")), refunded: Money(minorUnits: try row.int64("refunded")))
    }
}
