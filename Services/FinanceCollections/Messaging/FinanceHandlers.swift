import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// The facts finance acts on: the saga's invoice requests and the warehouse's dispatches each issue one
/// invoice (a repeat of the same fact issues none); a requested cancellation gets its penalty computed
/// (CancellationPenalties); an approved cancellation refunds the deposit; a return
/// gets its credit note (CreditNotes); an amendment re-prices an unpaid deposit (DepositAmendments).
enum FinanceHandlers {
    /// The business calendar's time zone and weekend, for reading which day an instant falls on. Due dates
    /// also need the holidays orders declared: `dueCalendar(_:)`.
    static let calendar = BusinessCalendar()

    /// The calendar with the holidays and worked weekends orders broadcast (`calendar_years`, CalendarYears).
    static func dueCalendar(_ context: MessageContext) async throws -> BusinessCalendar {
        try await CalendarYears.calendar(on: context.connection)
    }

    static func all() -> [MessageHandler] {
        [
            .on(DepositInvoiceRequested.self, depositRequested),
            .on(BalanceInvoiceRequested.self, balanceRequested),
            .on(ShipmentDispatched.self, shipmentDispatched),
            .on(CancellationRequested.self, CancellationPenalties.handle),
            .on(DepositRefundRequested.self, DepositRefunds.handle),
            .on(CreditNoteRequested.self, CreditNotes.handle),
            .on(OrderAmended.self, DepositAmendments.handle),
            CalendarYears.handler,
        ]
    }

    /// Deposit = DepositSplit(total, ratio).deposit, due at the end of the unpaid-deposit window (DepositDue).
    /// Not for an order already cancelled (its refund row is the tombstone).
    static func depositRequested(_ event: DepositInvoiceRequested, _ context: MessageContext) async throws {
        let cancelled = try await context.connection.query("select 1 from refunds where order_id = $1", [event.orderId])
        guard cancelled.rows.isEmpty else {
            context.logger.notice("deposit invoice not issued: the order was cancelled", metadata: ["order.id": "\(event.orderId)"])
            return
        }
        let split: DepositSplit
        do {
            split = try DepositSplit(total: event.total, depositRatioBasisPoints: event.depositRatioBasisPoints)
        } catch {
            throw MessagingError.undecodable("deposit request for order \(event.orderId) refused: \(error)")
        }
        let windowDays = event.unpaidDepositDays ?? DepositWindow.defaultDays
        guard (1...366).contains(windowDays) else {
            throw MessagingError.undecodable("deposit request for order \(event.orderId): unpaidDepositDays \(windowDays) is not 1 to 366")
        }
        let due = DepositDue.date(issuedAt: context.now, calendar: try await dueCalendar(context), windowDays: windowDays)
        let invoice = Invoice(
            id: InvoiceStore.newID("inv"), customerId: event.customerId, orderId: event.orderId, kind: .deposit,
            amount: split.deposit, issuedAt: context.now, dueDate: due)
        try await InvoiceIssuer(outbox: FinanceOutbox(context), now: context.now).issue(invoice)
        // Kept for re-pricing the deposit after an amendment (DepositAmendments).
        try await context.connection.query(
            "update invoices set deposit_ratio_bp = $2 where order_id = $1 and kind = 'deposit' and deposit_ratio_bp is null",
            [event.orderId, event.depositRatioBasisPoints])
    }

    /// Balance invoice for the amount asked, due per the customer's grade (BalanceDue).
    static func balanceRequested(_ event: BalanceInvoiceRequested, _ context: MessageContext) async throws {
        let due = BalanceDue.of(
            grade: event.grade, dispatchedAt: event.dispatchedAt, deliveredAt: event.deliveredAt, calendar: try await dueCalendar(context))
        guard let dueDate = due.dueDate else {
            throw MessagingError.undecodable("balance request for order \(event.orderId): grade \(event.grade.rawValue) needs the delivery time")
        }
        guard event.amount >= .zero else {
            throw MessagingError.undecodable("balance request for order \(event.orderId): negative amount \(event.amount)")
        }
        let invoice = Invoice(
            id: InvoiceStore.newID("inv"), customerId: event.customerId, orderId: event.orderId, kind: .balance,
            amount: event.amount, issuedAt: context.now, dueDate: dueDate)
        try await InvoiceIssuer(outbox: FinanceOutbox(context), now: context.now).issue(invoice)
    }

    /// Freight advanced for the customer (代垫运费, DOMAIN.md "Dispatch" 6) is charged to their account,
    /// due on the dispatch day (the next working day when that is a holiday); one freight invoice per dispatch note.
    static func shipmentDispatched(_ event: ShipmentDispatched, _ context: MessageContext) async throws {
        guard event.totalFreight > .zero else { return }
        let invoice = Invoice(
            id: InvoiceStore.newID("inv"), customerId: event.customerId, orderId: event.orderId, kind: .freight,
            amount: event.totalFreight, issuedAt: context.now, dueDate: try await dueCalendar(context).dueDay(calendar.day(of: event.dispatchedAt)))
        try await InvoiceIssuer(outbox: FinanceOutbox(context), now: context.now).issue(invoice, dispatchNoteId: event.dispatchNoteId)
    }
}
