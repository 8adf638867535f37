import Foundation
import O2CContracts
import Testing

/// Issues 10 and 11: a payment is taken only for the invoice finance issued for that order, customer and kind.
@Suite("A payment matches the invoice as finance issued it (DOMAIN.md Credit)")
struct IssuedInvoiceTests {
    let issued = IssuedInvoice(invoiceId: "inv-1", orderId: "o-1", customerId: "c-1", kind: "deposit")

    func paid(_ invoiceId: String = "inv-1", order: String? = "o-1", customer: String = "c-1", kind: String = "deposit") -> InvoicePaid {
        InvoicePaid(invoiceId: invoiceId, orderId: order, customerId: customer, kind: kind, paidAt: Date(timeIntervalSince1970: 0))
    }

    @Test("the invoice as issued is taken")
    func matches() throws {
        try paid().match(issued)
        try paid(order: nil, kind: "freight").match(IssuedInvoice(invoiceId: "inv-1", orderId: nil, customerId: "c-1", kind: "freight"))
    }

    @Test("another order, customer or kind than issued, or a kind finance takes no payment on, is invoice_mismatch naming each difference")
    func mismatches() {
        let cases: [(InvoicePaid, String)] = [
            (paid(order: "o-2"), "order o-2 (issued for o-1)"),
            (paid(order: nil), "order (none) (issued for o-1)"),
            (paid(customer: "c-2"), "customer c-2 (issued to c-1)"),
            (paid(kind: "balance"), "kind balance (issued as deposit)"),
            (paid(kind: "credit_note"), "not on 'credit_note'"),
        ]
        for (payment, detail) in cases {
            do {
                try payment.match(issued)
                Issue.record("taken: \(payment)")
            } catch let violation as RuleViolation {
                #expect(violation.code == .invoiceMismatch && violation.field == "invoiceId")
                #expect(violation.detail.contains(detail), "\(violation.detail)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test("with no issue received yet the payment is held back, naming invoice_mismatch should its issue never come")
    func notYetIssued() {
        #expect(throws: InvoiceNotYetIssued(invoiceId: "inv-9", orderId: "o-1", kind: "deposit")) { try paid("inv-9").match(nil) }
        #expect("\(InvoiceNotYetIssued(invoiceId: "inv-9", orderId: "o-1", kind: "deposit"))".hasPrefix("invoice_mismatch"))
    }
}
