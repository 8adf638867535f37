import Foundation
import O2CContracts
import O2CMessaging

/// Builds finance's outgoing events, for the outbox of the transaction that made the change
/// (`Outbox.enqueue`). `causationID` is the message, receipt or refund that caused them (nil for the
/// overdue scan).
enum FinanceMessages {
    /// Correlated with the order when there is one, else with the customer.
    static func event<E: EventContract>(_ event: E, orderId: String?, customerId: String, causationID: String?) throws -> OutgoingMessage {
        try OutgoingMessage.event(event, correlationID: orderId ?? customerId, causationID: causationID)
    }

    /// `finance.invoice_paid.v1` for each of `invoices` that is now settled.
    static func paid(_ invoices: [Invoice], at now: Date, causationID: String?) throws -> [OutgoingMessage] {
        try invoices.filter { $0.status == .settled }.map { invoice in
            try event(
                InvoicePaid(
                    invoiceId: invoice.id, orderId: invoice.orderId, customerId: invoice.customerId, kind: invoice.kind.rawValue,
                    paidAt: now),
                orderId: invoice.orderId, customerId: invoice.customerId, causationID: causationID)
        }
    }
}
