import O2CContracts
import Testing

@testable import FinanceCollections

@Suite("Receipts allocated to invoices (DOMAIN.md Invoices, receipts and the customer's account — oldest first unless told otherwise)")
struct ReceiptAllocationTests {
    /// Given in no particular order: the allocation must sort them itself.
    let invoices: [Invoice] = [
        Fixture.invoice("inv-4", amount: "500.00", issued: "2025-02-01", due: "2025-03-01"),
        Fixture.invoice("inv-3", kind: .freight, amount: "120.00", issued: "2025-01-26", due: "2025-02-08"),
        Fixture.invoice("inv-2", amount: "700.00", issued: "2025-01-25", due: "2025-02-08"),
        Fixture.invoice("inv-1", kind: .deposit, amount: "300.00", issued: "2025-01-05", due: "2025-01-10"),
        Fixture.invoice("inv-0", kind: .deposit, amount: "100.00", outstanding: "0.00", issued: "2024-12-01", due: "2024-12-05"),
        Fixture.invoice("cn-1", kind: .creditNote, amount: "50.00", issued: "2024-12-01", due: "2024-12-01"),
        Fixture.invoice("x-1", customer: "c-2", amount: "900.00", issued: "2024-11-01", due: "2024-11-01"),
    ]

    func receipt(_ amount: String, method: Receipt.Method = .bank, expected: String? = nil) -> Receipt {
        Receipt(
            customerId: "c-1", amount: Fixture.money(amount), method: method, reference: "BOC-20250210-001",
            expectedAmount: expected.map(Fixture.money))
    }

    @Test("oldest due date first, then issue date, then id; the last one paid in part stays open")
    func oldestFirstPartial() throws {
        let result = try ReceiptAllocation.allocate(receipt("1050.00"), to: invoices)
        #expect(result.readable == ["inv-1 300.00", "inv-2 700.00", "inv-3 50.00"])
        #expect(result.invoice("inv-1")?.status == .settled)
        #expect(result.invoice("inv-2")?.status == .settled)
        #expect(result.invoice("inv-3")?.outstanding.description == "70.00")
        #expect(result.invoice("inv-3")?.status == .open)
        #expect(result.invoice("inv-4") == nil, "untouched")
        #expect(result.creditBalance.description == "0.00")
        #expect(result.reconciliation == nil)
    }

    @Test("same due date and issue date: the lower id is paid first")
    func tieBreakById() throws {
        let twins = [
            Fixture.invoice("inv-b", amount: "10.00", due: "2025-02-01"),
            Fixture.invoice("inv-a", amount: "10.00", due: "2025-02-01"),
        ]
        #expect(try ReceiptAllocation.allocate(receipt("15.00"), to: twins).readable == ["inv-a 10.00", "inv-b 5.00"])
    }

    @Test("an overpayment settles everything and the rest becomes the customer's credit balance")
    func overpayment() throws {
        let result = try ReceiptAllocation.allocate(receipt("2000.00"), to: invoices)
        #expect(result.readable == ["inv-1 300.00", "inv-2 700.00", "inv-3 120.00", "inv-4 500.00"])
        #expect(result.updatedInvoices.allSatisfy { $0.status == .settled && $0.outstanding == .zero })
        #expect(result.creditBalance.description == "380.00")
    }

    @Test("allocated as told, leaving older invoices alone; an unallocated rest becomes credit")
    func explicit() throws {
        let told = [
            AllocationLine(invoiceId: "inv-4", amount: Fixture.money("500.00")),
            AllocationLine(invoiceId: "inv-3", amount: Fixture.money("20.00")),
        ]
        let result = try ReceiptAllocation.allocate(receipt("600.00"), to: invoices, as: told)
        #expect(result.readable == ["inv-4 500.00", "inv-3 20.00"])
        #expect(result.invoice("inv-4")?.status == .settled)
        #expect(result.invoice("inv-3")?.outstanding.description == "100.00")
        #expect(result.invoice("inv-1") == nil)
        #expect(result.creditBalance.description == "80.00")
    }

    @Test(
        "refusals name the code and the field",
        arguments: [
            // A settled invoice, a credit note, a cancelled invoice take no payment.
            ([("inv-0", "10.00")], "invalid_state", "allocations[0].invoiceId"),
            ([("inv-1", "10.00"), ("cn-1", "10.00")], "invalid_state", "allocations[1].invoiceId"),
            ([("inv-9", "10.00")], "not_found", "allocations[0].invoiceId"),
            ([("x-1", "10.00")], "not_found", "allocations[0].invoiceId"),  // another customer's
            ([("inv-1", "300.01")], "validation_failed", "allocations[0].amount"),  // above outstanding
            ([("inv-1", "200.00"), ("inv-1", "100.01")], "validation_failed", "allocations[1].amount"),  // together above it
            ([("inv-2", "700.00"), ("inv-4", "300.01")], "validation_failed", "allocations[1].amount"),  // above the receipt
            ([("inv-1", "0.00")], "validation_failed", "allocations[0].amount"),
            ([("inv-1", "-5.00")], "validation_failed", "allocations[0].amount"),
        ])
    func refused(lines: [(String, String)], code: String, field: String) throws {
        let told = lines.map { AllocationLine(invoiceId: $0.0, amount: Fixture.money($0.1)) }
        let error = try #require(throws: RuleViolation.self) {
            try ReceiptAllocation.allocate(receipt("1000.00"), to: invoices, as: told)
        }
        #expect(error.code.rawValue == code)
        #expect(error.field == field)
    }

    @Test("a cancelled invoice is refused as invalid_state")
    func cancelled() throws {
        let withdrawn = Fixture.invoice("inv-c", amount: "80.00", due: "2025-02-01", status: .cancelled)
        let error = try #require(throws: RuleViolation.self) {
            try ReceiptAllocation.allocate(
                receipt("80.00"), to: [withdrawn], as: [.init(invoiceId: "inv-c", amount: Fixture.money("80.00"))])
        }
        #expect(error.code == .invalidState)
        #expect(error.description == "invalid_state at allocations[0].invoiceId: invoice inv-c is cancelled and takes no payment")
    }

    @Test("a receipt must be more than 0.00", arguments: ["0.00", "-1.00"])
    func receiptAmount(amount: String) throws {
        let error = try #require(throws: RuleViolation.self) { try ReceiptAllocation.allocate(receipt(amount), to: invoices) }
        #expect(error.code == .validationFailed)
        #expect(error.field == "amount")
    }

    @Test(
        "a receipt that differs from the expected amount is flagged for reconciliation, not refused (如有差距必须及时核对)",
        arguments: [("950.00", "1000.00", "-50.00"), ("1020.00", "1000.00", "20.00")])
    func mismatch(received: String, expected: String, difference: String) throws {
        let result = try ReceiptAllocation.allocate(receipt(received, method: .cod, expected: expected), to: invoices)
        #expect(result.reconciliation?.difference.description == difference)
        #expect(result.reconciliation?.expected.description == expected)
        #expect(try result.lines.sum(\.amount) + result.creditBalance == Fixture.money(received))
    }

    @Test("no flag when the receipt matches, or when nothing was expected")
    func noMismatch() throws {
        #expect(try ReceiptAllocation.allocate(receipt("1000.00", expected: "1000.00"), to: invoices).reconciliation == nil)
        #expect(try ReceiptAllocation.allocate(receipt("1000.00", method: .cash), to: invoices).reconciliation == nil)
    }

    @Test("a customer with nothing open: the whole receipt is credit")
    func nothingOpen() throws {
        let result = try ReceiptAllocation.allocate(receipt("250.00"), to: [])
        #expect(result.lines.isEmpty)
        #expect(result.creditBalance.description == "250.00")
    }
}
