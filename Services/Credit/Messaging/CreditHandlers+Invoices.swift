import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// What finance reports about invoices (DOMAIN.md "Credit"): unpaid invoices count in exposure,
/// an overdue one puts the customer on hold until it is paid. A payment counts only for an invoice
/// credit saw issued for that customer, order and kind (`InvoicePaid.match`): one naming another
/// customer, order or kind is refused (`invoice_mismatch`, parked at once, nothing changes); one that
/// overtook its issue is held back and retried on the delay tiers. Facts may come twice; an overdue
/// notice before the issue is kept (kind `unknown`) and the issue then fills in what it is, and one
/// after the payment changes nothing. An invoice finance voided (an order cancelled before its deposit
/// was paid) is owed no more: it leaves the exposure and the hold it caused is lifted; an overdue notice
/// after the void changes nothing.
extension CreditHandlers {
    static func invoiceIssued(_ invoice: InvoiceIssued, context: MessageContext) async throws {
        // A credit note lowers what is owed; it is not exposure.
        guard invoice.kind != "credit_note" else { return }
        try await CreditStore.recordIssued(invoice, at: context.now, on: context.connection)
    }

    static func invoiceOverdue(_ overdue: InvoiceOverdue, context: MessageContext) async throws {
        // Paid already (the payment overtook the notice): no hold.
        guard try await CreditStore.recordOverdue(overdue, at: context.now, on: context.connection) else { return }
        try await CreditStore.placeHold(
            .overdueInvoice(invoiceId: overdue.invoiceId), invoiceId: overdue.invoiceId, customerId: overdue.customerId, at: context.now,
            on: context.connection)
    }

    static func invoiceVoided(_ voided: InvoiceVoided, context: MessageContext) async throws {
        try await CreditStore.recordVoid(voided, at: context.now, on: context.connection)
        try await CreditStore.liftHold(invoiceId: voided.invoiceId, at: context.now, on: context.connection)
    }

    static func invoicePaid(_ paid: InvoicePaid, context: MessageContext) async throws {
        try await check(paid, on: context.connection)
        try await CreditStore.markPaid(invoiceId: paid.invoiceId, paidAt: paid.paidAt, on: context.connection)
        try await CreditStore.liftHold(invoiceId: paid.invoiceId, at: context.now, on: context.connection)
    }

    /// Takes the payment only for an invoice credit saw issued for that customer, order and kind (`InvoicePaid.match`).
    /// Before its issue arrived, a deposit or balance payment naming another id than the order's deposit or balance
    /// invoice credit saw is refused as well (an order has one of each); any other is held back to be retried.
    private static func check(_ paid: InvoicePaid, on connection: PostgresConnection) async throws {
        if let issued = try await CreditStore.issuedInvoice(paid.invoiceId, on: connection) { return try paid.match(issued) }
        if let orderId = paid.orderId, IssuedInvoice.onePerOrder.contains(paid.kind),
            let other = try await CreditStore.otherInvoice(ofOrder: orderId, kind: paid.kind, than: paid.invoiceId, on: connection)
        {
            throw RuleViolation.invoiceMismatch(
                paid.invoiceId, "order \(orderId)'s \(paid.kind) invoice is \(other), not \(paid.invoiceId)")
        }
        try paid.match(nil)
    }
}
