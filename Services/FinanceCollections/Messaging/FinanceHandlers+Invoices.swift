import Foundation
import Logging
import O2CContracts
import O2CMessaging
import O2CPostgres

extension FinanceHandlers {
    /// Deposit = DepositSplit(total, ratio).deposit, due at the end of the unpaid-deposit window (DepositDue).
    /// Not for an order already cancelled (its refund row is the tombstone). The order's salesperson and
    /// region are kept either way (`OrderOwnerStore`, for the collection-rate report).
    static func depositRequested(_ event: DepositInvoiceRequested, _ context: MessageContext) async throws {
        try await OrderOwnerStore.record(
            orderId: event.orderId, salesperson: event.salesperson, region: event.region, at: context.now, on: context.connection)
        guard try await !RefundStore.isCancelled(event.orderId, on: context.connection) else {
            context.logger.notice("deposit invoice not issued: the order was cancelled", metadata: ["order.id": "\(event.orderId)"])
            return
        }
        let split: DepositSplit
        do throws(RuleViolation) {
            split = try DepositSplit(total: event.total, depositRatioBasisPoints: event.depositRatioBasisPoints)
        } catch {
            throw RuleViolation.validation(error.field ?? "total", "deposit request for order \(event.orderId) refused: \(error)")
        }
        let windowDays = event.unpaidDepositDays ?? DepositWindow.defaultDays
        guard (1...366).contains(windowDays) else {
            throw RuleViolation.validation(
                "unpaidDepositDays", "deposit request for order \(event.orderId): unpaidDepositDays \(windowDays) is not 1 to 366")
        }
        let due = DepositDue.date(issuedAt: context.now, calendar: try await dueCalendar(context), windowDays: windowDays)
        let invoice = Invoice(
            id: InvoiceStore.newID("inv"), customerId: event.customerId, orderId: event.orderId, kind: .deposit,
            amount: split.deposit, issuedAt: context.now, dueDate: due)
        try await InvoiceStore.issue(
            invoice, causationID: context.message.messageID, outbox: context.outbox, at: context.now, on: context.connection)
        // Kept for re-pricing the deposit after an amendment (FinanceHandlers+Amendments).
        try await InvoiceStore.recordDepositRatio(
            ofOrder: event.orderId, basisPoints: event.depositRatioBasisPoints, on: context.connection)
    }

    /// Balance invoice for the amount asked, due per the customer's grade (BalanceDue).
    static func balanceRequested(_ event: BalanceInvoiceRequested, _ context: MessageContext) async throws {
        let due = BalanceDue.of(
            grade: event.grade, dispatchedAt: event.dispatchedAt, deliveredAt: event.deliveredAt, calendar: try await dueCalendar(context))
        guard let dueDate = due.dueDate else {
            throw RuleViolation.validation(
                "deliveredAt", "balance request for order \(event.orderId): grade \(event.grade.rawValue) needs the delivery time")
        }
        guard event.amount >= .zero else {
            throw RuleViolation.validation("amount", "balance request for order \(event.orderId): negative amount \(event.amount)")
        }
        let invoice = Invoice(
            id: InvoiceStore.newID("inv"), customerId: event.customerId, orderId: event.orderId, kind: .balance,
            amount: event.amount, issuedAt: context.now, dueDate: dueDate)
        try await InvoiceStore.issue(
            invoice, causationID: context.message.messageID, outbox: context.outbox, at: context.now, on: context.connection)
    }

    /// Freight advanced for the customer (代垫运费, DOMAIN.md "Dispatch" 6) is charged to their account,
    /// due on the dispatch day (the next working day when that is a holiday); one freight invoice per dispatch note.
    static func shipmentDispatched(_ event: ShipmentDispatched, _ context: MessageContext) async throws {
        guard event.totalFreight > .zero else { return }
        let dueDate = try await dueCalendar(context).dueDay(FinanceCalendar.business.day(of: event.dispatchedAt))
        let invoice = Invoice(
            id: InvoiceStore.newID("inv"), customerId: event.customerId, orderId: event.orderId, kind: .freight,
            amount: event.totalFreight, issuedAt: context.now, dueDate: dueDate)
        try await InvoiceStore.issue(
            invoice, dispatchNoteId: event.dispatchNoteId, causationID: context.message.messageID, outbox: context.outbox,
            at: context.now, on: context.connection)
    }
}
