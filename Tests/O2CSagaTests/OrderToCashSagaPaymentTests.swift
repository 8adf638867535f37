import Foundation
import O2CContracts
import O2CSaga
import Testing

/// Issues 10 and 11: the saga takes a payment only for the invoice finance issued for the order and kind
/// (DOMAIN.md "Credit": the deposit releases the goods). A payment that contradicts what finance issued is
/// refused; one that overtook the issue of its invoice is held back, to be retried.
@Suite("Order-to-cash saga takes a payment only for the invoice finance issued for the order and kind (DOMAIN.md Credit)")
struct OrderToCashSagaPaymentTests {
    typealias Saga = OrderToCashSaga
    let monday = OrderFixtures.monday
    let order = OrderFixtures.order

    /// Credit reserved (grade A, 30 %), then `events`.
    func saga(_ events: [Saga.Event]) -> SagaInstance<Saga> {
        var saga = SagaInstance(id: order.orderId, machine: Saga.start(order: order, settings: Saga.Settings(), at: monday).0)
        _ = saga.applying([.creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false)] + events, at: monday)
        return saga
    }

    let depositIssued = Saga.Event.invoiceIssued(invoiceId: "d-1", kind: .deposit, amount: Money("3000.00")!)

    /// The refusal's detail, or nil when the check let the event through or threw something else.
    func refusal(_ saga: SagaInstance<Saga>, _ event: Saga.Event) -> RuleViolation? {
        do { try saga.machine.check(event, at: monday) } catch let violation as RuleViolation { return violation } catch {}
        return nil
    }

    @Test("the deposit payment for the deposit invoice finance issued for the order is taken and releases the shipment")
    func rightInvoice() throws {
        var saga = saga([depositIssued])
        let paid = Saga.Event.invoicePaid(invoiceId: "d-1", kind: .deposit, customerId: "c-1")
        try saga.machine.check(paid, at: monday)
        #expect(saga.applying([paid], at: monday).contains { if case .requestShipment = $0 { true } else { false } })
        #expect(saga.machine.stateName == "awaiting_dispatch")
    }

    @Test(
        "refused with invoice_mismatch: another id than the order's deposit invoice, its deposit invoice paid as the balance, another customer, a credit note"
    )
    func mismatches() throws {
        let saga = saga([depositIssued])
        let cases: [(Saga.Event, String)] = [
            (
                .invoicePaid(invoiceId: "inv-invented", kind: .deposit, customerId: "c-1"),
                "order o-1's deposit invoice is d-1, not inv-invented"
            ),
            (.invoicePaid(invoiceId: "d-1", kind: .balance, customerId: "c-1"), "kind balance (issued as deposit)"),
            (.invoicePaid(invoiceId: "d-1", kind: .deposit, customerId: "c-2"), "customer c-2 (issued to c-1)"),
            (.invoicePaid(invoiceId: "b-9", kind: .balance, customerId: "c-2"), "order o-1 is customer c-1's"),
            (.invoicePaid(invoiceId: "cn-1", kind: .creditNote, customerId: "c-1"), "not on 'credit_note'"),
        ]
        for (event, detail) in cases {
            let violation = try #require(refusal(saga, event), "\(event)")
            #expect(violation.code == .invoiceMismatch && violation.field == "invoiceId", "\(event)")
            #expect(violation.detail.contains(detail), "\(violation.detail)")
            #expect("\(violation)".hasPrefix("invoice_mismatch"), "the parked reason names the code")
        }
        #expect(saga.machine.stateName == "awaiting_deposit")
    }

    @Test("a payment that overtook the issue of its invoice is held back (not refused), and taken once the issue arrived")
    func paidBeforeIssued() throws {
        var saga = saga([])
        let paid = Saga.Event.invoicePaid(invoiceId: "d-1", kind: .deposit, customerId: "c-1")
        #expect(throws: InvoiceNotYetIssued(invoiceId: "d-1", orderId: "o-1", kind: "deposit")) { try saga.machine.check(paid, at: monday) }
        _ = saga.applying([depositIssued], at: monday)
        try saga.machine.check(paid, at: monday)
        let freight = Saga.Event.invoicePaid(invoiceId: "f-1", kind: .freight, customerId: "c-1")
        #expect(throws: InvoiceNotYetIssued.self, "an order may get several freight invoices") {
            try saga.machine.check(freight, at: monday)
        }
        _ = saga.applying([.invoiceIssued(invoiceId: "f-1", kind: .freight, amount: Money("50.00")!)], at: monday)
        try saga.machine.check(freight, at: monday)
        #expect(saga.machine.facts.freightInvoiceIds == ["f-1"])
    }

    @Test(
        "a finished saga has nothing to wait for: a payment of an invoice it never heard of passes to be ignored; one it contradicts is still refused"
    )
    func finished() throws {
        var saga = saga([])
        _ = saga.fireDueDeadlines(now: monday.addingTimeInterval(8 * 86_400))  // deposit unpaid: cancelled
        _ = saga.applying([.creditReleased, .depositRefunded], at: monday)
        #expect(saga.machine.stateName == "cancelled")
        try saga.machine.check(.invoicePaid(invoiceId: "d-late", kind: .deposit, customerId: "c-1"), at: monday)
        #expect(refusal(saga, .invoicePaid(invoiceId: "d-late", kind: .deposit, customerId: "c-2"))?.code == .invoiceMismatch)
    }

    @Test("a saga stored before freight invoice ids were kept takes its freight payments as before")
    func legacyFreight() throws {
        var saga = saga([depositIssued])
        saga.machine.facts.freightInvoicedAt = monday
        try saga.machine.check(.invoicePaid(invoiceId: "f-old", kind: .freight, customerId: "c-1"), at: monday)
    }

    @Test(
        "facts in any order, payments held back until their invoice's issue came, end as in order with each command once", arguments: 0..<40
    )
    func shuffledWithHeldBackPayments(seed: Int) {
        let facts: [Saga.Event] = [
            .creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: false),
            .invoiceIssued(invoiceId: "d", kind: .deposit, amount: Money("3000.00")!),
            .invoicePaid(invoiceId: "d", kind: .deposit, customerId: "c-1"),
            .shipmentScheduled, .dispatched(at: monday), .delivered(at: monday),
            .invoiceIssued(invoiceId: "b", kind: .balance, amount: Money("7000.00")!),
            .invoicePaid(invoiceId: "b", kind: .balance, customerId: "c-1"),
            .creditReleased,
        ]
        var sequential = SagaInstance(id: order.orderId, machine: Saga.start(order: order, settings: Saga.Settings(), at: monday).0)
        let sequentialCommands = sequential.applying(facts, at: monday)

        var generator = SeededGenerator(seed: UInt64(seed))
        var queue = Array(facts.enumerated()).shuffled(using: &generator)
        var saga = SagaInstance(id: order.orderId, machine: Saga.start(order: order, settings: Saga.Settings(), at: monday).0)
        var commands: [Saga.Command] = []
        var heldBack = 0
        // The consumer: a held-back event goes to the back of the queue (a retry tier); a refused one would be parked.
        while !queue.isEmpty, heldBack <= facts.count * facts.count {
            let (id, event) = queue.removeFirst()
            do { try saga.machine.check(event, at: monday) } catch is InvoiceNotYetIssued {
                heldBack += 1
                queue.append((id, event))
                continue
            } catch {
                Issue.record("refused \(event): \(error)")
            }
            if case .applied(_, let sent) = saga.apply(event, eventID: "e\(id)", at: monday) { commands += sent }
        }
        #expect(queue.isEmpty)
        #expect(saga.machine.stateName == "completed")
        #expect(saga.machine.facts == sequential.machine.facts)
        #expect(Set(commands) == Set(sequentialCommands))
        #expect(commands.count == sequentialCommands.count, "no command twice")
    }
}
