import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import O2CRuntime

/// The facts finance acts on: the saga's invoice requests and the warehouse's dispatches each issue one
/// invoice (a repeat of the same fact issues none, `FinanceHandlers+Invoices`); a requested cancellation
/// gets its penalty computed (`+Penalties`); an approved cancellation refunds the deposit (`+Refunds`); a
/// return gets its credit note (`+CreditNotes`); an amendment re-prices an unpaid deposit (`+Amendments`);
/// orders' calendar is projected (`CalendarYears`).
enum FinanceHandlers {
    static func all(_ environment: ServiceEnvironment) -> [MessageHandler] {
        [
            .on(DepositInvoiceRequested.self, depositRequested),
            .on(BalanceInvoiceRequested.self, balanceRequested),
            .on(ShipmentDispatched.self, shipmentDispatched),
            .on(CancellationRequested.self, cancellationRequested),
            .on(DepositRefundRequested.self, depositRefundRequested),
            .on(CreditNoteRequested.self, creditNoteRequested),
            .on(OrderAmended.self, orderAmended),
            CalendarYears.handler,
        ]
    }

    /// The calendar with the holidays and worked weekends orders broadcast (`calendar_years`, CalendarYears).
    static func dueCalendar(_ context: MessageContext) async throws -> BusinessCalendar {
        try await CalendarYears.calendar(on: context.connection)
    }

    /// `event` for the outbox, caused by the message being handled, correlated with the order (else the customer).
    static func message<E: EventContract>(
        _ event: E, orderId: String?, customerId: String, _ context: MessageContext
    ) throws -> OutgoingMessage {
        try FinanceMessages.event(event, orderId: orderId, customerId: customerId, causationID: context.message.messageID)
    }
}
