import Foundation
import O2CContracts
import O2CSaga
import Testing

/// DOMAIN.md "The order-to-cash flow (the saga)": every transition of the saga, with no I/O.
@Suite("Order-to-cash saga (DOMAIN.md: The order-to-cash flow)")
struct OrderToCashSagaTests {
    typealias Saga = OrderToCashSaga
    let monday = OrderFixtures.monday
    let order = OrderFixtures.order

    /// Signed on Monday, and the customer confirmed it at once (the 4-hour deadline is tested on its own).
    func started() -> (SagaInstance<Saga>, [Saga.Command]) {
        var (saga, commands) = Saga.start(order: order, settings: Saga.Settings(), at: monday)
        commands += saga.on(.customerConfirmed, at: monday)
        return (SagaInstance(id: order.orderId, machine: saga), commands)
    }

    func run(_ saga: inout SagaInstance<Saga>, _ events: [Saga.Event], at time: Date? = nil) -> [Saga.Command] {
        saga.applying(events, at: time ?? monday)
    }

    @Test("signing asks credit to reserve the order's total")
    func start() {
        let (saga, commands) = started()
        #expect(commands == [.reserveCredit(amount: Money("10000.00")!)])
        #expect(saga.machine.stateName == "awaiting_credit")
    }

    @Test("grade A: deposit 30%, shipment after the deposit, balance invoiced on dispatch, completed after payment and release")
    func gradeA() {
        var (saga, _) = started()
        let dispatchedAt = monday.addingTimeInterval(86_400)
        var commands = run(&saga, [.creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false)])
        #expect(commands == [.requestDepositInvoice(total: Money("10000.00")!, depositRatioBasisPoints: 3000)])
        #expect(saga.machine.depositAmount == Money("3000.00"))
        #expect(saga.machine.stateName == "awaiting_deposit")

        commands = run(
            &saga,
            [.invoiceIssued(invoiceId: "d-1", kind: .deposit, amount: Money("3000.00")!), .invoicePaid(invoiceId: "d-1", kind: .deposit)])
        // Two working days after Monday 10:00 is Wednesday 10:00.
        #expect(commands == [.requestShipment(shipBy: monday.addingTimeInterval(2 * 86_400))])
        #expect(saga.machine.stateName == "awaiting_dispatch")

        commands = run(&saga, [.shipmentScheduled, .dispatched(at: dispatchedAt), .customerToldOfShipment])
        #expect(commands == [.requestBalanceInvoice(amount: Money("7000.00")!, grade: .a, dispatchedAt: dispatchedAt, deliveredAt: nil)])

        commands = run(
            &saga,
            [.invoiceIssued(invoiceId: "b-1", kind: .balance, amount: Money("7000.00")!), .invoicePaid(invoiceId: "b-1", kind: .balance)])
        #expect(commands.isEmpty, "not delivered yet")
        commands = run(&saga, [.delivered(at: dispatchedAt.addingTimeInterval(86_400))])
        #expect(commands == [.releaseCredit])
        #expect(saga.machine.stateName == "releasing_credit")
        commands = run(&saga, [.creditReleased])
        #expect(commands == [.completeOrder])
        #expect(saga.machine.stateName == "completed")
        #expect(saga.machine.steps.allSatisfy { $0.status == .done })
    }

    @Test("grades B and C: the balance is invoiced on delivery, with the delivery date", arguments: [CreditGrade.b, .c])
    func gradesBC(grade: CreditGrade) {
        var (saga, _) = started()
        let dispatchedAt = monday.addingTimeInterval(86_400)
        let deliveredAt = monday.addingTimeInterval(3 * 86_400)
        _ = run(
            &saga,
            [
                .creditReserved(grade: grade, depositRatioBasisPoints: 3000, shipBeforePayment: false),
                .invoicePaid(invoiceId: "d", kind: .deposit),
            ])
        #expect(run(&saga, [.dispatched(at: dispatchedAt)]).isEmpty)
        #expect(saga.machine.stateName == "awaiting_delivery")
        #expect(
            run(&saga, [.delivered(at: deliveredAt)])
                == [.requestBalanceInvoice(amount: Money("7000.00")!, grade: grade, dispatchedAt: dispatchedAt, deliveredAt: deliveredAt)])
        #expect(saga.machine.stateName == "awaiting_payment")
    }

    @Test("no dispatch before the deposit: shipment is requested only once it is paid")
    func noDispatchBeforeDeposit() {
        var (saga, _) = started()
        let commands = run(
            &saga,
            [
                .creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: false),
                .invoiceIssued(invoiceId: "d", kind: .deposit, amount: Money("3000.00")!),
            ])
        #expect(!commands.contains { if case .requestShipment = $0 { true } else { false } })
        #expect(saga.machine.awaiting == ["finance.invoice_paid.v1 (deposit)"])
    }

    @Test("credit refused: the order waits for an override; the sales_director's override lets it go on")
    func refusedThenOverridden() {
        var (saga, _) = started()
        #expect(run(&saga, [.creditRefused(code: "credit_limit_exceeded")]).isEmpty)
        #expect(saga.machine.stateName == "credit_refused")
        #expect(saga.machine.steps.first { $0.name == "credit_reserved" }?.status == .failed)
        let commands = run(&saga, [.creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: true)])
        #expect(commands.count == 2, "deposit invoice and, shipping before payment, the shipment at once")
        #expect(saga.machine.stateName == "awaiting_dispatch")
    }

    @Test("a zero deposit ratio skips the deposit")
    func noDeposit() {
        var (saga, _) = started()
        let commands = run(&saga, [.creditReserved(grade: .a, depositRatioBasisPoints: 0, shipBeforePayment: false)])
        #expect(commands.count == 1)
        if case .requestShipment = commands.first {} else { Issue.record("expected a shipment request, got \(commands)") }
    }

    @Test("an unpaid deposit after 7 days cancels the order, releases credit and voids the deposit")
    func depositDeadline() {
        var (saga, _) = started()
        _ = run(
            &saga,
            [
                .creditReserved(grade: .c, depositRatioBasisPoints: 3000, shipBeforePayment: false),
                .invoiceIssued(invoiceId: "d", kind: .deposit, amount: Money("3000.00")!),
            ])
        #expect(saga.nextDeadline == monday.addingTimeInterval(7 * 86_400))
        let fired = saga.fireDueDeadlines(now: monday.addingTimeInterval(7 * 86_400 + 60))
        #expect(fired.flatMap(\.1) == [.releaseCredit, .refundDeposit(penalty: .zero, approvedBy: "system", reason: "deposit_unpaid")])
        #expect(saga.machine.stateName == "cancelling")
        #expect(run(&saga, [.creditReleased]).isEmpty)
        #expect(run(&saga, [.depositRefunded]) == [.cancelOrder(reason: "deposit_unpaid")])
        #expect(saga.machine.stateName == "cancelled")
        #expect(saga.machine.isFinished)
    }

    @Test("cancellation after the deposit: credit and stock released, deposit refunded less the penalty")
    func cancelAfterDeposit() {
        var (saga, _) = started()
        _ = run(
            &saga,
            [
                .creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: false),
                .invoicePaid(invoiceId: "d", kind: .deposit), .shipmentScheduled,
            ])
        let commands = run(&saga, [.cancellationApproved(reason: "customer withdrew", penalty: Money("500.00")!, approvedBy: "gm-1")])
        #expect(
            commands == [
                .releaseCredit, .cancelShipment, .refundDeposit(penalty: Money("500.00")!, approvedBy: "gm-1", reason: "customer withdrew"),
            ])
        #expect(
            Set(saga.machine.awaiting) == ["credit.credit_released.v1", "warehouse.shipment_cancelled.v1", "finance.deposit_refunded.v1"])
        let end = run(&saga, [.depositRefunded, .shipmentCancelled, .creditReleased])
        #expect(end == [.cancelOrder(reason: "customer withdrew")])
        #expect(saga.machine.steps.last == SagaStep(name: "cancelled", status: .done, at: monday))
    }

    @Test("after dispatch a cancellation no longer applies (only returns do)")
    func noCancelAfterDispatch() {
        var (saga, _) = started()
        _ = run(
            &saga,
            [
                .creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: false),
                .invoicePaid(invoiceId: "d", kind: .deposit), .dispatched(at: monday),
            ])
        #expect(run(&saga, [.cancellationApproved(reason: "late", penalty: .zero, approvedBy: "gm")]).isEmpty)
        #expect(saga.machine.stateName == "awaiting_delivery")
    }

    @Test("goods not gone 2 working days after the deposit raise one alert; the order keeps waiting")
    func shipByAlert() {
        var (saga, _) = started()
        _ = run(
            &saga,
            [
                .creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false),
                .invoicePaid(invoiceId: "d", kind: .deposit),
            ])
        let due = monday.addingTimeInterval(2 * 86_400)
        let fired = saga.fireDueDeadlines(now: due.addingTimeInterval(1))
        #expect(fired.flatMap(\.1) == [.alertShipmentOverdue(dueAt: due)])
        #expect(saga.fireDueDeadlines(now: due.addingTimeInterval(3600)).isEmpty)
        #expect(saga.machine.stateName == "awaiting_dispatch")
        #expect(saga.overdueSince == due)
    }

    @Test("the payment notice not out within 1 day of the credit reservation raises one alert; the order keeps waiting")
    func paymentNoticeAlert() {
        var (saga, _) = started()
        _ = run(&saga, [.creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: false)])
        let due = monday.addingTimeInterval(86_400)
        #expect(saga.machine.deadlines.map(\.name) == ["payment_notice", "deposit_unpaid"])
        #expect(saga.nextDeadline == due)
        #expect(saga.fireDueDeadlines(now: due.addingTimeInterval(-1)).isEmpty)
        #expect(saga.fireDueDeadlines(now: due.addingTimeInterval(1)).flatMap(\.1) == [.alertPaymentNoticeLate(dueAt: due)])
        #expect(saga.fireDueDeadlines(now: due.addingTimeInterval(3600)).isEmpty, "fires once")
        #expect(saga.machine.stateName == "awaiting_deposit")
        #expect(saga.overdueSince == due)
        #expect(saga.nextDeadline == monday.addingTimeInterval(7 * 86_400), "the unpaid-deposit deadline still stands")
        // The invoice comes late: the alert is settled, the deposit deadline remains.
        _ = run(&saga, [.invoiceIssued(invoiceId: "d", kind: .deposit, amount: Money("3000.00")!)], at: due.addingTimeInterval(7200))
        #expect(saga.overdueSince == nil)
        #expect(saga.machine.deadlines.map(\.name) == ["deposit_unpaid"])
    }

    @Test("a payment notice out within 1 day raises no alert")
    func paymentNoticeInTime() {
        var (saga, _) = started()
        _ = run(&saga, [.creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: false)])
        _ = run(&saga, [.invoiceIssued(invoiceId: "d", kind: .deposit, amount: Money("3000.00")!)], at: monday.addingTimeInterval(3600))
        #expect(saga.fireDueDeadlines(now: monday.addingTimeInterval(2 * 86_400)).isEmpty)
        #expect(saga.nextDeadline == monday.addingTimeInterval(7 * 86_400))
        #expect(saga.overdueSince == nil)
    }

    /// Deposit paid, shipment scheduled and dispatched on Friday 2026-11-27 10:00 Shanghai.
    func dispatchedFriday() -> (SagaInstance<Saga>, Date) {
        var (saga, _) = started()
        let friday = monday.addingTimeInterval(4 * 86_400)
        _ = run(
            &saga,
            [
                .creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: false),
                .invoiceIssued(invoiceId: "d", kind: .deposit, amount: Money("3000.00")!),
                .invoicePaid(invoiceId: "d", kind: .deposit), .shipmentScheduled,
            ])
        _ = run(&saga, [.dispatched(at: friday), .customerToldOfShipment], at: friday)
        return (saga, friday)
    }

    @Test("the waybill not with finance 1 working day after a Friday dispatch raises one alert on Monday; gone after delivery")
    func waybillAlert() {
        var (saga, friday) = dispatchedFriday()
        let nextMonday = friday.addingTimeInterval(3 * 86_400)
        #expect(saga.machine.stateName == "awaiting_delivery")
        #expect(saga.machine.deadlines == [SagaDeadline(name: "waybill_to_finance", dueAt: nextMonday)])
        #expect(saga.nextDeadline == nextMonday)
        #expect(saga.fireDueDeadlines(now: nextMonday.addingTimeInterval(-60)).isEmpty)
        #expect(saga.fireDueDeadlines(now: nextMonday.addingTimeInterval(1)).flatMap(\.1) == [.alertWaybillLate(dueAt: nextMonday)])
        #expect(saga.fireDueDeadlines(now: nextMonday.addingTimeInterval(3600)).isEmpty, "fires once")
        #expect(saga.machine.stateName == "awaiting_delivery")
        #expect(saga.overdueSince == nextMonday)
        _ = run(&saga, [.delivered(at: nextMonday.addingTimeInterval(7200))], at: nextMonday.addingTimeInterval(7200))
        #expect(saga.machine.deadlines.isEmpty, "zero-freight orders never get a freight invoice: the deadline ends at delivery")
        #expect(saga.overdueSince == nil)
    }

    @Test("a freight invoice within 1 working day of dispatch (finance has the waybill) raises no alert")
    func waybillInTime() {
        var (saga, friday) = dispatchedFriday()
        _ = run(&saga, [.invoiceIssued(invoiceId: "f", kind: .freight, amount: Money("120.00")!)], at: friday.addingTimeInterval(3600))
        #expect(saga.machine.facts.freightInvoicedAt == friday.addingTimeInterval(3600))
        #expect(saga.machine.deadlines.isEmpty)
        #expect(saga.fireDueDeadlines(now: friday.addingTimeInterval(5 * 86_400)).isEmpty)
    }

    @Test("facts in any order, some twice, end in the same state with each command sent once", arguments: 0..<60)
    func shuffledFacts(seed: Int) {
        let facts: [Saga.Event] = [
            .creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: false),
            .invoiceIssued(invoiceId: "d", kind: .deposit, amount: Money("3000.00")!), .invoicePaid(invoiceId: "d", kind: .deposit),
            .shipmentScheduled, .dispatched(at: monday), .delivered(at: monday),
            .invoiceIssued(invoiceId: "b", kind: .balance, amount: Money("7000.00")!), .invoicePaid(invoiceId: "b", kind: .balance),
            .invoiceIssued(invoiceId: "f", kind: .freight, amount: Money("120.00")!), .creditReleased,
        ]
        var sequential = started().0
        let sequentialCommands = run(&sequential, facts)

        var generator = SeededGenerator(seed: UInt64(seed))
        var deliveries = facts.enumerated().flatMap { item in Array(repeating: item, count: Int.random(in: 1...2, using: &generator)) }
        deliveries.shuffle(using: &generator)
        var (saga, _) = started()
        var commands: [Saga.Command] = []
        for (id, event) in deliveries {
            if case .applied(_, let sent) = saga.apply(event, eventID: "e\(id)", at: monday) { commands += sent }
        }
        #expect(saga.machine.stateName == "completed")
        // The freight invoice is no step of the flow (zero-freight orders never get one): one that arrives
        // after the completing fact finds the saga finished and is ignored, like any fact of a finished saga.
        var heard = saga.machine.facts
        #expect(heard.freightInvoicedAt == nil || heard.freightInvoicedAt == monday)
        heard.freightInvoicedAt = sequential.machine.facts.freightInvoicedAt
        #expect(heard.freightInvoiceIds == nil || heard.freightInvoiceIds == ["f"])
        heard.freightInvoiceIds = sequential.machine.facts.freightInvoiceIds
        #expect(heard == sequential.machine.facts)
        #expect(Set(commands) == Set(sequentialCommands))
        #expect(commands.count == sequentialCommands.count, "no command twice")
    }
}
