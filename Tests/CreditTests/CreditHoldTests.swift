import O2CContracts
import Testing

@testable import Credit

@Suite("DOMAIN.md Credit: an overdue invoice holds the customer until it is paid")
struct CreditHoldTests {
    @Test("one hold per overdue invoice, however often it is reported, with the invoice in its reason")
    func holdPerInvoice() {
        var account = CreditAccount()
        account.invoiceOverdue(id: "INV-1")
        account.invoiceOverdue(id: "INV-1")
        account.invoiceOverdue(id: "INV-2")
        #expect(account.isOnHold)
        #expect(account.holds == [.overdueInvoice(invoiceId: "INV-1"), .overdueInvoice(invoiceId: "INV-2")])
        #expect(account.holdReasons == ["invoice INV-1 is overdue", "invoice INV-2 is overdue"])
    }

    @Test("paying one overdue invoice lifts only its hold; the customer stays on hold while any remains")
    func liftPerInvoice() throws {
        var account = CreditAccount()
        account.recordInvoice(id: "INV-1", outstanding: cny("100.00"))
        account.recordInvoice(id: "INV-2", outstanding: cny("200.00"))
        account.invoiceOverdue(id: "INV-1")
        account.invoiceOverdue(id: "INV-2")
        account.invoicePaid(id: "INV-1")
        #expect(account.isOnHold)
        #expect(account.holdReasons == ["invoice INV-2 is overdue"])
        #expect(try account.exposure.description == "200.00")
        #expect(try account.reserve(orderId: "ORD-1", amount: cny("1.00"), profile: profileB).refusalCode == .customerOnHold)
        account.invoicePaid(id: "INV-2")
        #expect(!account.isOnHold)
        #expect(account.holdReasons.isEmpty)
        #expect(try account.exposure.description == "0.00")
        #expect(try account.reserve(orderId: "ORD-1", amount: cny("1.00"), profile: profileB).isReserved)
    }

    @Test("a partial payment lowers exposure but keeps the hold; nothing outstanding counts as paid")
    func partialPayment() throws {
        var account = CreditAccount()
        account.recordInvoice(id: "INV-1", outstanding: cny("500.00"))
        account.invoiceOverdue(id: "INV-1")
        account.recordInvoice(id: "INV-1", outstanding: cny("120.50"))
        #expect(try account.exposure.description == "120.50")
        #expect(account.isOnHold)
        account.recordInvoice(id: "INV-1", outstanding: .zero)
        #expect(try account.exposure.description == "0.00")
        #expect(!account.isOnHold)
    }

    @Test("paying an invoice that was never overdue, or paying twice, is harmless")
    func payHarmless() {
        var account = CreditAccount()
        account.invoiceOverdue(id: "INV-1")
        account.invoicePaid(id: "INV-9")
        account.invoicePaid(id: "INV-9")
        #expect(account.holdReasons == ["invoice INV-1 is overdue"])
    }
}
