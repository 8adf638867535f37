import O2CContracts
import Testing

@testable import FinanceCollections

@Suite(
    "A credit note is offset against open invoices oldest first, the rest refunded (DOMAIN.md After-sales and returns; Invoices, receipts and the customer's account)"
)
struct CreditNoteSettlementTests {
    private func line(_ id: String, _ amount: String) -> AllocationLine { AllocationLine(invoiceId: id, amount: Fixture.money(amount)) }

    /// The ledger after the credit note: its offsets are not money received, its refund is paid out of it.
    private func ledger(
        _ invoices: [Invoice], receipts: [AllocationLine], settlement: CreditNoteSettlement, note: String
    ) throws -> LedgerIdentity {
        var after = invoices.map { invoice in settlement.updatedInvoices.first { $0.id == invoice.id } ?? invoice }
        after.append(
            CreditNoteSettlement.creditNote(
                id: "cn", customerId: "c-1", orderId: "o-1", amount: Fixture.money(note), issuedAt: Fixture.instant("2025-03-01T02:00:00Z"),
                calendar: Fixture.shanghai))
        return try LedgerIdentity(customerId: "c-1", invoices: after, allocations: receipts, refunded: settlement.refunded)
    }

    @Test("500.00 against freight 100.00 (older) and balance 600.00 owed: all offset, oldest first, nothing refunded; the ledger balances")
    func offsetOnly() throws {
        let invoices = [
            Fixture.invoice("bal", amount: "1000.00", outstanding: "600.00", due: "2025-02-08"),
            Fixture.invoice("frt", kind: .freight, amount: "100.00", due: "2025-01-20"),
            Fixture.invoice("other", customer: "c-2", amount: "900.00", due: "2025-01-01"),
        ]
        let settlement = try CreditNoteSettlement(amount: Fixture.money("500.00"), customerId: "c-1", against: invoices)
        #expect(settlement.offsets == [line("frt", "100.00"), line("bal", "400.00")])
        #expect(settlement.offset.description == "500.00" && settlement.refunded.description == "0.00")
        #expect(settlement.updatedInvoices.first { $0.id == "frt" }?.status == .settled)
        #expect(settlement.updatedInvoices.first { $0.id == "bal" }?.outstanding.description == "200.00")

        let after = try ledger(invoices, receipts: [line("bal", "400.00")], settlement: settlement, note: "500.00")
        #expect(after.invoiced.description == "1100.00" && after.received.description == "400.00")
        #expect(after.credited.description == "500.00" && after.outstanding.description == "200.00")
        #expect(after.balances)
    }

    @Test("300.00 on a fully paid account: nothing to offset, all refunded; received goes down by the refund and the ledger balances")
    func refundOnly() throws {
        let invoices = [Fixture.invoice("bal", amount: "1000.00", outstanding: "0.00", due: "2025-02-08")]
        let settlement = try CreditNoteSettlement(amount: Fixture.money("300.00"), customerId: "c-1", against: invoices)
        #expect(settlement.offsets.isEmpty && settlement.updatedInvoices.isEmpty)
        #expect(settlement.offset == .zero && settlement.refunded.description == "300.00")
        let after = try ledger(invoices, receipts: [line("bal", "1000.00")], settlement: settlement, note: "300.00")
        #expect(after.received.description == "700.00" && after.credited.description == "300.00" && after.outstanding == .zero)
        #expect(after.balances)
    }

    @Test("500.00 with 200.00 owed: 200.00 offset (settling the invoice), 300.00 refunded; the ledger balances")
    func split() throws {
        let invoices = [
            Fixture.invoice("dep", kind: .deposit, amount: "300.00", outstanding: "0.00", due: "2025-01-10"),
            Fixture.invoice("bal", amount: "700.00", outstanding: "200.00", due: "2025-02-08"),
            Fixture.invoice("cn-old", kind: .creditNote, amount: "50.00", outstanding: "0.00", due: "2025-01-15"),
            Fixture.invoice("void", amount: "999.00", due: "2025-01-01", status: .cancelled),
        ]
        let settlement = try CreditNoteSettlement(amount: Fixture.money("500.00"), customerId: "c-1", against: invoices)
        #expect(settlement.offsets == [line("bal", "200.00")])
        #expect(settlement.offset.description == "200.00" && settlement.refunded.description == "300.00")
        #expect(settlement.updatedInvoices.first?.status == .settled)
        let receipts = [line("dep", "300.00"), line("bal", "450.00")]
        let before = try LedgerIdentity(customerId: "c-1", invoices: invoices, allocations: receipts)
        #expect(before.balances)
        #expect(try ledger(invoices, receipts: receipts, settlement: settlement, note: "500.00").balances)
    }

    @Test("a zero credit note uses nothing; a negative one is refused on amount")
    func zeroAndNegative() throws {
        let invoices = [Fixture.invoice("bal", amount: "700.00", due: "2025-02-08")]
        let zero = try CreditNoteSettlement(amount: .zero, customerId: "c-1", against: invoices)
        #expect(zero.offsets.isEmpty && zero.offset == .zero && zero.refunded == .zero)
        #expect(throws: RuleViolation.validation("amount", "a credit note must not be negative, got -1.00")) {
            try CreditNoteSettlement(amount: Fixture.money("-1.00"), customerId: "c-1", against: invoices)
        }
    }

    @Test("the credit note itself is used at once: outstanding 0.00, settled, dated the day issued")
    func creditNoteInvoice() throws {
        let note = CreditNoteSettlement.creditNote(
            id: "cn", customerId: "c-1", orderId: nil, amount: Fixture.money("10.00"), issuedAt: Fixture.instant("2025-03-01T17:00:00Z"),
            calendar: Fixture.shanghai)
        #expect(note.kind == .creditNote && note.status == .settled && note.outstanding == .zero)
        #expect(note.dueDate == Fixture.day("2025-03-02"))
    }

    @Test(
        "a credit note offset on a deposit later cancelled is paid back with the deposit refund: it leaves `credited` and the ledger balances"
    )
    func offsetOnCancelledDeposit() throws {
        let deposit = Fixture.invoice("dep", kind: .deposit, amount: "300.00", due: "2025-01-10")
        let settlement = try CreditNoteSettlement(amount: Fixture.money("300.00"), customerId: "c-1", against: [deposit])
        #expect(settlement.offsets == [line("dep", "300.00")] && settlement.refunded == .zero)
        var cancelled = deposit
        (cancelled.outstanding, cancelled.status) = (.zero, .cancelled)
        let invoices = [
            Fixture.invoice("bal", amount: "1000.00", outstanding: "0.00", due: "2025-02-08"), cancelled,
            Fixture.invoice("cn", kind: .creditNote, amount: "300.00", outstanding: "0.00", due: "2025-01-12"),
        ]
        let receipts = [line("bal", "1000.00")]
        let released = try LedgerIdentity(customerId: "c-1", invoices: invoices, allocations: receipts, creditReleased: settlement.offset)
        #expect(released.credited == .zero && released.balances)
        #expect(try !LedgerIdentity(customerId: "c-1", invoices: invoices, allocations: receipts).balances)
    }
}
