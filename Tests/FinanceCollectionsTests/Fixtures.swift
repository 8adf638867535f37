import Foundation
import O2CContracts

@testable import FinanceCollections

/// Values built the way a user writes them: amounts as "1200.00", days as "2025-01-31", instants in ISO 8601 UTC.
enum Fixture {
    static let shanghai = BusinessCalendar()

    static func money(_ text: String) -> Money { Money(text)! }
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }
    static func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    /// An invoice issued at 10:00 Shanghai on `issued`.
    static func invoice(
        _ id: String, customer: String = "c-1", kind: Invoice.Kind = .balance, amount: String,
        outstanding: String? = nil, issued: String = "2025-01-05", due: String, status: Invoice.Status? = nil
    ) -> Invoice {
        Invoice(
            id: id, customerId: customer, kind: kind, amount: money(amount), outstanding: outstanding.map(money),
            issuedAt: instant("\(issued)T02:00:00Z"), dueDate: day(due), status: status)
    }
}

extension ReceiptAllocation {
    /// "inv-1 300.00" per line, as a user reads the allocation.
    var readable: [String] { lines.map { "\($0.invoiceId) \($0.amount)" } }

    func invoice(_ id: String) -> Invoice? { updatedInvoices.first { $0.id == id } }
}
