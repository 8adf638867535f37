import O2CContracts
import Testing

@testable import FinanceCollections

@Suite(
    "The customer's account balances (DOMAIN.md Invoices, receipts and the customer's account — invoiced = received + credited + outstanding)"
)
struct LedgerIdentityTests {
    private func line(_ id: String, _ amount: String) -> AllocationLine { AllocationLine(invoiceId: id, amount: Fixture.money(amount)) }

    /// deposit 300.00 paid; balance 700.00 with 500.00 paid and a 100.00 credit note offset; freight 120.00 unpaid.
    let invoices = [
        Fixture.invoice("dep", kind: .deposit, amount: "300.00", outstanding: "0.00", due: "2025-01-10"),
        Fixture.invoice("bal", amount: "700.00", outstanding: "100.00", due: "2025-02-08"),
        Fixture.invoice("frt", kind: .freight, amount: "120.00", due: "2025-02-08"),
        Fixture.invoice("cn", kind: .creditNote, amount: "100.00", outstanding: "0.00", due: "2025-02-10"),
        Fixture.invoice("void", amount: "999.00", due: "2025-02-08", status: .cancelled),
        Fixture.invoice("other", customer: "c-2", amount: "50.00", outstanding: "0.00", due: "2025-02-08"),
    ]

    @Test("1120.00 invoiced = 800.00 received + 100.00 credited + 220.00 outstanding")
    func balances() throws {
        let ledger = try LedgerIdentity(
            customerId: "c-1", invoices: invoices, allocations: [line("dep", "300.00"), line("bal", "500.00"), line("other", "50.00")])
        #expect(ledger.invoiced.description == "1120.00")
        #expect(ledger.received.description == "800.00")
        #expect(ledger.credited.description == "100.00")
        #expect(ledger.outstanding.description == "220.00")
        #expect(try ledger.difference.description == "0.00")
        #expect(ledger.balances)
    }

    @Test("a credit note not yet used reduces what is outstanding; a refunded one reduces what was received")
    func creditNotes() throws {
        var unused = invoices
        unused[1].outstanding = Fixture.money("200.00")  // the credit note was not offset against "bal"
        unused[3].outstanding = Fixture.money("100.00")
        let open = try LedgerIdentity(customerId: "c-1", invoices: unused, allocations: [line("dep", "300.00"), line("bal", "500.00")])
        #expect(open.outstanding.description == "220.00")
        #expect(open.balances)

        var refunded = unused
        refunded[1].outstanding = .zero
        refunded[2].outstanding = .zero
        refunded[3].outstanding = .zero
        let allocations = [line("dep", "300.00"), line("bal", "700.00"), line("frt", "120.00")]
        let paidBack = try LedgerIdentity(
            customerId: "c-1", invoices: refunded, allocations: allocations, refunded: Fixture.money("100.00"))
        #expect(paidBack.received.description == "1020.00")
        #expect(paidBack.balances)
    }

    @Test("a difference is reported to the fen")
    func difference() throws {
        var drifted = invoices
        drifted[2].outstanding = Fixture.money("119.99")
        let ledger = try LedgerIdentity(customerId: "c-1", invoices: drifted, allocations: [line("dep", "300.00"), line("bal", "500.00")])
        #expect(!ledger.balances)
        #expect(try ledger.difference.description == "0.01")
        let figures = LedgerIdentity(
            invoiced: Fixture.money("1000.00"), received: Fixture.money("600.00"),
            credited: .zero, outstanding: Fixture.money("400.01"))
        #expect(try figures.difference.description == "-0.01")
    }

    @Test("after a receipt is allocated oldest first, the account still balances")
    func afterAllocation() throws {
        let open = [
            Fixture.invoice("dep", kind: .deposit, amount: "360.00", due: "2025-01-10"),
            Fixture.invoice("bal", amount: "840.00", due: "2025-02-08"),
        ]
        let receipt = Receipt(customerId: "c-1", amount: Fixture.money("1000.00"), method: .bank, reference: "ICBC-1")
        let result = try ReceiptAllocation.allocate(receipt, to: open)
        let ledger = try LedgerIdentity(customerId: "c-1", invoices: result.updatedInvoices, allocations: result.lines)
        #expect(ledger.outstanding.description == "200.00")
        #expect(ledger.balances)
    }
}
