import Foundation
import O2CContracts
import O2CSaga
import Testing

/// CONTRACT.md "Changes to an order": while an approved cancellation or amendment is being applied (the
/// dispatch note held, credit asked), the saga shows `change_pending` over the step it is at, sends no
/// shipment request or deposit invoice request that would carry the old lines or total, and keeps its deadlines.
@Suite("Order-to-cash saga: a change being applied (DOMAIN.md: Order amendments; CONTRACT.md: Changes to an order)")
struct OrderToCashSagaChangeTests {
    typealias Saga = OrderToCashSaga
    let monday = OrderFixtures.monday
    let order = OrderFixtures.order
    let reserved = Saga.Event.creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false)
    let newLines = [OrderLine(sku: "FL-100", quantity: 12, unitPrice: Money("1000.00")!)]

    func started() -> SagaInstance<Saga> {
        SagaInstance(id: order.orderId, machine: Saga.start(order: order, settings: Saga.Settings(), at: monday).0)
    }

    @Test("a pending change holds back the deposit invoice request; once settled it asks for the amended total")
    func depositInvoiceWaits() {
        var saga = started()
        #expect(saga.applying([.changeRequested(requestId: "r-1"), reserved], at: monday).isEmpty)
        #expect(saga.machine.stateName == "change_pending")
        #expect(saga.machine.awaiting.contains { $0.contains("r-1") })
        #expect(saga.machine.deadlines.map(\.name).contains("deposit_unpaid"), "the deposit window runs on under the change")
        let commands = saga.applying(
            [.amended(amendmentId: "r-1", lines: newLines, total: Money("12000.00")!), .changeSettled(requestId: "r-1")], at: monday)
        #expect(commands == [.requestDepositInvoice(total: Money("12000.00")!, depositRatioBasisPoints: 3000)])
        #expect(saga.machine.stateName == "awaiting_deposit")
    }

    @Test("a deposit paid while the change is pending: the shipment is requested only after it, with the amended lines")
    func shipmentWaits() {
        var saga = started()
        _ = saga.applying([reserved, .invoiceIssued(invoiceId: "d-1", kind: .deposit, amount: Money("3000.00")!)], at: monday)
        _ = saga.applying([.changeRequested(requestId: "r-1")], at: monday)
        let paid = saga.applying([.invoicePaid(invoiceId: "d-1", kind: .deposit)], at: monday)
        #expect(!paid.contains { if case .requestShipment = $0 { true } else { false } })
        _ = saga.applying([.amended(amendmentId: "r-1", lines: newLines, total: Money("12000.00")!)], at: monday)
        let settled = saga.applying([.changeSettled(requestId: "r-1")], at: monday)
        #expect(settled.contains { if case .requestShipment = $0 { true } else { false } })
        #expect(saga.machine.order.lines == newLines)
    }

    @Test("a change rejected (already dispatched) settles without touching the order; a cancellation shows over a pending change")
    func settledOrCancelled() {
        var rejected = started()
        _ = rejected.applying([reserved, .changeRequested(requestId: "r-1"), .changeSettled(requestId: "r-1")], at: monday)
        #expect(rejected.machine.stateName == "awaiting_deposit")
        #expect(rejected.machine.order == order)

        var cancelled = started()
        let commands = cancelled.applying(
            [
                reserved, .changeRequested(requestId: "r-2"),
                .cancellationApproved(reason: "customer letter", penalty: .zero, approvedBy: "gm-1"),
            ], at: monday)
        #expect(cancelled.machine.stateName == "cancelling")
        #expect(commands.contains(.releaseCredit))
    }

    @Test("a change settled twice or settled unknown changes nothing; requested after the end is not taken")
    func repeatedOrLate() {
        var saga = started()
        _ = saga.applying([.changeRequested(requestId: "r-1"), .changeRequested(requestId: "r-1")], at: monday)
        #expect(saga.machine.facts.pendingChanges == ["r-1"])
        _ = saga.applying(
            [.changeSettled(requestId: "r-9"), .changeSettled(requestId: "r-1"), .changeSettled(requestId: "r-1")], at: monday)
        #expect(saga.machine.facts.pendingChanges == [])
        #expect(saga.machine.stateName == "awaiting_credit")
    }
}
