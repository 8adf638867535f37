import Foundation
import O2CContracts
import O2CSaga
import Testing

/// DOMAIN.md "Order amendments" (a line item or the price changes before dispatch) and the deadlines
/// "the customer confirms the order within 4 hours" and "the customer is told what shipped within 2
/// working days of dispatch", as saga transitions with no I/O.
@Suite("Order-to-cash saga: amendments and customer-contact deadlines (DOMAIN.md: Order amendments; Deadlines)")
struct OrderToCashSagaAmendmentTests {
    typealias Saga = OrderToCashSaga
    let monday = OrderFixtures.monday
    let order = OrderFixtures.order
    let newLines = [OrderLine(sku: "FL-100", quantity: 12, unitPrice: Money("1000.00")!)]

    func started() -> SagaInstance<Saga> {
        SagaInstance(id: order.orderId, machine: Saga.start(order: order, settings: Saga.Settings(), at: monday).0)
    }

    func run(_ saga: inout SagaInstance<Saga>, _ events: [Saga.Event], at time: Date? = nil) -> [Saga.Command] {
        saga.applying(events, at: time ?? monday)
    }

    @Test("an amendment before the deposit invoice re-prices the order: the deposit is 30% of the new total, the balance the rest")
    func amendedBeforeDeposit() {
        var saga = started()
        _ = run(&saga, [.customerConfirmed, .amended(amendmentId: "r-1", lines: newLines, total: Money("12000.00")!)])
        #expect(saga.machine.order.total == Money("12000.00"))
        #expect(saga.machine.order.lines == newLines)
        let commands = run(&saga, [.creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false)])
        #expect(commands == [.requestDepositInvoice(total: Money("12000.00")!, depositRatioBasisPoints: 3000)])
        #expect(saga.machine.balanceAmount == Money("8400.00"))
    }

    @Test("finance re-prices an unpaid deposit invoice; a paid deposit stays and the balance carries the difference")
    func depositRepricedOrKept() {
        var unpaid = started()
        _ = run(
            &unpaid,
            [
                .creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false),
                .invoiceIssued(invoiceId: "d-1", kind: .deposit, amount: Money("3000.00")!),
                .amended(amendmentId: "r-1", lines: newLines, total: Money("12000.00")!),
                .invoiceAdjusted(invoiceId: "d-1", kind: .deposit, amount: Money("3600.00")!),
            ])
        #expect(unpaid.machine.depositAmount == Money("3600.00"))
        #expect(unpaid.machine.balanceAmount == Money("8400.00"))

        var paid = started()
        _ = run(
            &paid,
            [
                .creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false),
                .invoiceIssued(invoiceId: "d-1", kind: .deposit, amount: Money("3000.00")!),
                .invoicePaid(invoiceId: "d-1", kind: .deposit), .shipmentScheduled,
                .amended(amendmentId: "r-1", lines: newLines, total: Money("12000.00")!),
                .invoiceAdjusted(invoiceId: "d-1", kind: .deposit, amount: Money("3600.00")!),
            ])
        #expect(paid.machine.depositAmount == Money("3000.00"), "a paid deposit is not re-priced")
        let dispatchedAt = monday.addingTimeInterval(86_400)
        let commands = run(&paid, [.dispatched(at: dispatchedAt, freight: .zero)])
        #expect(commands == [.requestBalanceInvoice(amount: Money("9000.00")!, grade: .a, dispatchedAt: dispatchedAt, deliveredAt: nil)])
    }

    @Test("after dispatch, on a cancelled order, or repeated, an amendment changes nothing")
    func amendmentIgnored() {
        var saga = started()
        _ = run(
            &saga,
            [
                .creditReserved(grade: .b, depositRatioBasisPoints: 0, shipBeforePayment: false), .shipmentScheduled,
                .dispatched(at: monday, freight: .zero),
                .amended(amendmentId: "r-1", lines: newLines, total: Money("12000.00")!),
            ])
        #expect(saga.machine.order.total == Money("10000.00"))

        var twice = started()
        let later = [OrderLine(sku: "FL-100", quantity: 8, unitPrice: Money("1000.00")!)]
        _ = run(
            &twice,
            [
                .amended(amendmentId: "r-1", lines: newLines, total: Money("12000.00")!),
                .amended(amendmentId: "r-2", lines: later, total: Money("8000.00")!),
                .amended(amendmentId: "r-1", lines: newLines, total: Money("12000.00")!),
            ])
        #expect(twice.machine.order.total == Money("8000.00"), "the repeat of r-1 does not undo r-2")
    }

    @Test("no customer confirmation within 4 hours of signing raises one alert to customer_service")
    func customerConfirmationLate() {
        var saga = started()
        let due = monday.addingTimeInterval(4 * 3_600)
        #expect(saga.machine.deadlines.contains(SagaDeadline(name: "customer_confirmation", dueAt: due)))
        #expect(saga.fireDueDeadlines(now: due.addingTimeInterval(-1)).isEmpty)
        #expect(saga.fireDueDeadlines(now: due.addingTimeInterval(1)).flatMap(\.1) == [.alertCustomerConfirmationLate(dueAt: due)])
        #expect(saga.fireDueDeadlines(now: due.addingTimeInterval(600)).isEmpty, "fires once")
        #expect(saga.overdueSince == due)
        _ = run(&saga, [.customerConfirmed], at: due.addingTimeInterval(900))
        #expect(!saga.machine.deadlines.contains { $0.name == "customer_confirmation" })
        #expect(saga.overdueSince == nil)
        #expect(saga.machine.steps.first { $0.name == "customer_confirmed" }?.at == due.addingTimeInterval(900))
    }

    @Test("the customer not told what shipped within 2 working days of a Friday dispatch: one alert on Tuesday")
    func shipmentNoticeLate() {
        var saga = started()
        let friday = monday.addingTimeInterval(4 * 86_400)
        let tuesday = friday.addingTimeInterval(4 * 86_400)
        _ = run(
            &saga,
            [
                .customerConfirmed, .creditReserved(grade: .b, depositRatioBasisPoints: 0, shipBeforePayment: false),
                .shipmentScheduled, .dispatched(at: friday, freight: .zero),
            ], at: friday)
        #expect(
            saga.machine.deadlines == [SagaDeadline(name: "shipment_notice", dueAt: tuesday)],
            "zero freight: no waybill deadline, only the customer notice")
        #expect(saga.fireDueDeadlines(now: tuesday.addingTimeInterval(1)).flatMap(\.1) == [.alertShipmentNoticeLate(dueAt: tuesday)])
        _ = run(&saga, [.customerToldOfShipment], at: tuesday.addingTimeInterval(60))
        #expect(saga.machine.deadlines.isEmpty)
    }

    @Test("freight on the waybill: finance's freight invoice is awaited 1 working day after dispatch")
    func freightExpected() {
        var saga = started()
        _ = run(
            &saga,
            [
                .customerConfirmed, .creditReserved(grade: .b, depositRatioBasisPoints: 0, shipBeforePayment: false),
                .shipmentScheduled, .dispatched(at: monday, freight: Money("350.00")!), .customerToldOfShipment,
            ])
        #expect(saga.machine.deadlines == [SagaDeadline(name: "waybill_to_finance", dueAt: monday.addingTimeInterval(86_400))])
        _ = run(&saga, [.delivered(at: monday.addingTimeInterval(3_600))])
        #expect(!saga.machine.deadlines.isEmpty, "known freight is awaited after delivery too")
        _ = run(&saga, [.invoiceIssued(invoiceId: "f-1", kind: .freight, amount: Money("350.00")!)])
        #expect(saga.machine.deadlines.isEmpty)
    }
}
