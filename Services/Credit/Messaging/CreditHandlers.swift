import O2CContracts
import O2CMessaging
import O2CRuntime

/// Every message credit consumes, and the handler of each (`CreditHandlers+<Topic>.swift`). Each runs inside
/// the inbox transaction, so its writes and its answer commit together.
enum CreditHandlers {
    static func all(_ environment: ServiceEnvironment) -> [MessageHandler] {
        [
            .on(CreditReservationRequested.self, reservationRequested),
            .on(CreditReleaseRequested.self, releaseRequested),
            .on(InvoiceIssued.self, invoiceIssued),
            .on(InvoiceOverdue.self, invoiceOverdue),
            .on(InvoiceVoided.self, invoiceVoided),
            .on(InvoicePaid.self, invoicePaid),
            .on(OrderAmended.self, orderAmended),
            .on(AmendmentCreditRequested.self, amendmentCreditRequested),
        ]
    }
}
