import Foundation
import O2CContracts

/// An invoice as the read side shows it (invoices, accounts, statements, dunning).
struct InvoiceView: Encodable {
    var id: String
    var kind: Invoice.Kind
    var orderId: String?
    var customerId: String
    var amount: Money
    var outstanding: Money
    var dueDate: CalendarDate
    var status: Invoice.Status
    var issuedAt: Date
    init(_ invoice: Invoice) {
        (id, kind, orderId, customerId) = (invoice.id, invoice.kind, invoice.orderId, invoice.customerId)
        (amount, outstanding, dueDate, status, issuedAt) = (
            invoice.amount, invoice.outstanding, invoice.dueDate, invoice.status, invoice.issuedAt
        )
    }
}
