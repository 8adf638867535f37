import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres

/// Publishes finance's events through the outbox of the transaction that made the change.
struct FinanceOutbox {
    let connection: PostgresConnection
    let outbox: Outbox
    /// The message (or nil for an HTTP request) that caused what is published.
    let causationID: String?

    init(connection: PostgresConnection, outbox: Outbox, causationID: String?) {
        self.connection = connection
        self.outbox = outbox
        self.causationID = causationID
    }

    init(_ context: MessageContext) {
        self.init(connection: context.connection, outbox: context.outbox, causationID: context.message.messageID)
    }

    /// Correlated with the order when there is one, else with the customer.
    func publish<E: EventContract>(_ event: E, orderId: String?, customerId: String) async throws {
        try await publish(event, correlationID: orderId ?? customerId)
    }

    /// Correlated with what the event belongs to (e.g. a return's id for the return saga's facts).
    func publish<E: EventContract>(_ event: E, correlationID: String) async throws {
        let message = try OutgoingMessage.event(event, correlationID: correlationID, causationID: causationID)
        try await outbox.enqueue([message], on: connection)
    }

    /// `finance.invoice_paid.v1` for each of `invoices` that is now settled.
    func publishPaid(_ invoices: [Invoice], at now: Date) async throws {
        for invoice in invoices where invoice.status == .settled {
            try await publish(
                InvoicePaid(invoiceId: invoice.id, orderId: invoice.orderId, customerId: invoice.customerId, kind: invoice.kind.rawValue, paidAt: now),
                orderId: invoice.orderId, customerId: invoice.customerId)
        }
    }
}
