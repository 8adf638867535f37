import Foundation
import O2CContracts

/// An invoice as a value (DOMAIN.md "Invoices, receipts and the customer's account"; CONTRACT.md
/// `GET /v1/invoices` → `{id, kind, amount, outstanding, dueDate, status}`).
///
/// `amount` is what was invoiced; it changes only when an amendment re-prices a deposit invoice nothing
/// was paid on (`DepositReprice`). `outstanding` is what is still unpaid. A credit
/// note (`credit_note`) carries the credit as a positive `amount`; its `outstanding` is the part not
/// yet offset against invoices or refunded. Receipts are never allocated to a credit note.
package struct Invoice: Identifiable, Hashable, Sendable, Codable {
    package enum Kind: String, CaseIterable, Codable, Sendable {
        case deposit, balance, freight
        case creditNote = "credit_note"
    }

    package enum Status: String, CaseIterable, Codable, Sendable {
        /// Something is still outstanding.
        case open
        /// Paid (or, for a credit note, used) in full.
        case settled
        /// Withdrawn, i.e. voided (its order was cancelled; `finance.invoice_voided.v1`): neither owed nor paid.
        case cancelled
    }

    package var id: String
    package var customerId: String
    package var orderId: String?
    package var kind: Kind
    package var amount: Money
    package var outstanding: Money
    package var issuedAt: Date
    package var dueDate: CalendarDate
    package var status: Status

    /// `status` defaults to `settled` when nothing is outstanding, else `open`.
    package init(
        id: String, customerId: String, orderId: String? = nil, kind: Kind, amount: Money,
        outstanding: Money? = nil, issuedAt: Date, dueDate: CalendarDate, status: Status? = nil
    ) {
        self.id = id
        self.customerId = customerId
        self.orderId = orderId
        self.kind = kind
        self.amount = amount
        self.outstanding = outstanding ?? amount
        self.issuedAt = issuedAt
        self.dueDate = dueDate
        self.status = status ?? (self.outstanding == .zero ? .settled : .open)
    }

    /// Whether a receipt may be allocated to it: an open invoice (not a credit note) with something outstanding.
    package var isPayable: Bool { kind != .creditNote && status == .open && outstanding > .zero }

    /// Records a payment against it; it is settled when nothing remains.
    mutating func pay(_ payment: Money) throws(MoneyError) {
        try outstanding -= payment
        if outstanding == .zero { status = .settled }
    }

    /// Oldest first: by due date, then issue date, then id (DOMAIN.md: a receipt pays the oldest first).
    static func oldestFirst(_ lhs: Invoice, _ rhs: Invoice) -> Bool {
        if lhs.dueDate != rhs.dueDate { return lhs.dueDate < rhs.dueDate }
        if lhs.issuedAt != rhs.issuedAt { return lhs.issuedAt < rhs.issuedAt }
        return lhs.id < rhs.id
    }
}
