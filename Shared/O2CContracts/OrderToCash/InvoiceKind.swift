/// The kinds of invoice finance issues (`kind` of `finance.invoice_issued.v1`, `finance.invoice_paid.v1`,
/// `finance.invoice_adjusted.v1`, `finance.invoice_voided.v1`). On the wire they stay strings, so that a
/// receiver can refuse a kind it does not know with a reason instead of failing to read the message.
package enum InvoiceKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// The deposit (定金) the order asks for before production and dispatch.
    case deposit
    /// What the customer still owes after the deposit, due per credit grade.
    case balance
    /// The freight of one dispatch note, from its waybill.
    case freight
    /// A return's credit: never paid, offset or refunded at once.
    case creditNote = "credit_note"

    /// Finance takes payments on these; a credit note is never paid.
    package var isPayable: Bool {
        switch self {
        case .deposit, .balance, .freight: true
        case .creditNote: false
        }
    }

    /// Issued at most once per order (finance's unique indexes); freight is invoiced per dispatch note.
    package var isOnePerOrder: Bool {
        switch self {
        case .deposit, .balance: true
        case .freight, .creditNote: false
        }
    }
}
