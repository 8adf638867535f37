import Foundation
import O2CContracts
import O2CSaga
import Testing

/// DOMAIN.md "The order-to-cash flow", Deadlines (configurable): the saga counts each deadline with the
/// settings it was started with (orders' `GET /v1/settings` and business calendar at signing).
@Suite("Order-to-cash saga settings (DOMAIN.md: The order-to-cash flow, configurable deadlines)")
struct OrderToCashSagaSettingsTests {
    typealias Saga = OrderToCashSaga
    let monday = OrderFixtures.monday
    let order = OrderFixtures.order

    func started(_ settings: Saga.Settings) -> SagaInstance<Saga> {
        var (saga, _) = Saga.start(order: order, settings: settings, at: monday)
        _ = saga.on(.customerConfirmed, at: monday)
        return SagaInstance(id: order.orderId, machine: saga)
    }

    @Test("the payment notice within paymentNoticeDays of the credit reservation, the unpaid deposit after depositDays")
    func paymentNoticeDays() {
        var saga = started(Saga.Settings(depositDays: 10, paymentNoticeDays: 3))
        _ = saga.applying([.creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: false)], at: monday)
        #expect(
            saga.machine.deadlines == [
                SagaDeadline(name: "payment_notice", dueAt: monday.addingTimeInterval(3 * 86_400)),
                SagaDeadline(name: "deposit_unpaid", dueAt: monday.addingTimeInterval(10 * 86_400)),
            ])
    }

    @Test("goods leave within shipWithinWorkingDays of the deposit, counted past the calendar's holidays")
    func shipByPastHoliday() {
        // OrderFixtures.monday is a Monday in Shanghai; its Tuesday declared a holiday moves ship-by to Thursday.
        let calendar = BusinessCalendar()
        let tuesday = calendar.day(of: monday).adding(days: 1)
        var plain = started(Saga.Settings())
        var holiday = started(Saga.Settings(calendar: BusinessCalendar(holidays: [tuesday])))
        let events: [Saga.Event] = [
            .creditReserved(grade: .a, depositRatioBasisPoints: 3000, shipBeforePayment: false),
            .invoiceIssued(invoiceId: "d", kind: .deposit, amount: Money("3000.00")!), .invoicePaid(invoiceId: "d", kind: .deposit),
        ]
        _ = plain.applying(events, at: monday)
        _ = holiday.applying(events, at: monday)
        #expect(plain.machine.deadlines == [SagaDeadline(name: "ship_by", dueAt: monday.addingTimeInterval(2 * 86_400))])
        #expect(holiday.machine.deadlines == [SagaDeadline(name: "ship_by", dueAt: monday.addingTimeInterval(3 * 86_400))])
    }

    @Test("the waybill reaches finance within waybillWorkingDays of dispatch")
    func waybillWorkingDays() {
        var saga = started(Saga.Settings(waybillWorkingDays: 2))
        _ = saga.applying(
            [
                .creditReserved(grade: .b, depositRatioBasisPoints: 3000, shipBeforePayment: false),
                .invoiceIssued(invoiceId: "d", kind: .deposit, amount: Money("3000.00")!), .invoicePaid(invoiceId: "d", kind: .deposit),
                .shipmentScheduled, .dispatched(at: monday), .customerToldOfShipment,
            ], at: monday)
        #expect(saga.machine.deadlines.contains(SagaDeadline(name: "waybill_to_finance", dueAt: monday.addingTimeInterval(2 * 86_400))))
    }

    @Test("a saga stored before paymentNoticeDays and waybillWorkingDays existed takes their defaults, 1 and 1")
    func oldSettingsDecode() throws {
        let stored =
            #"{"depositDays":7,"shipWithinWorkingDays":2,"calendar":{},"customerConfirmationHours":4,"shipmentNoticeWorkingDays":2}"#
        let settings = try JSONDecoder().decode(Saga.Settings.self, from: Data(stored.utf8))
        #expect(settings == Saga.Settings())
        #expect(settings.paymentNoticeDays == 1 && settings.waybillWorkingDays == 1)
    }
}
