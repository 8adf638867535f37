import Foundation
import O2CContracts
import O2CMessaging
import O2CPostgres
import Testing

/// The unpaid-deposit window across the services as processes (CONTRACT.md "Changes to an order, payments,
/// rules as data"; DOMAIN.md "The order-to-cash flow", Deadlines: an unpaid deposit after 7 days cancels
/// the order): orders' and finance's test clocks are moved through the window.
@Suite("Deposit window (all services as processes, test clocks)", .serialized)
struct DepositWindowTests {
    /// Monday 2027-03-01, 10:00 in Shanghai: the order is signed and the deposit invoiced then.
    static let start = "2027-03-01T02:00:00Z"

    static func instant(_ text: String, plusHours hours: Double = 0) throws -> String {
        let date = try Date(text, strategy: .iso8601).addingTimeInterval(hours * 3_600)
        return ISO8601DateFormatter().string(from: date)
    }

    func setClocks(_ world: OrderToCashWorld, _ instant: String, orders: Bool = true, finance: Bool = true) async throws {
        if orders { _ = try await world.call("PUT", world.orders, "/v1/admin/test-clock", as: .customerService, #"{"now":"\#(instant)"}"#) }
        if finance { _ = try await world.call("PUT", world.finance, "/v1/admin/test-clock", as: .finance, #"{"now":"\#(instant)"}"#) }
    }

    func creditView(_ world: OrderToCashWorld, _ customerId: String) async throws -> [String: Any] {
        try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)
    }

    @Test(
        "DOMAIN.md Deadlines: an unpaid deposit is not overdue, dunned or held for 7 days; on day 8 the order is cancelled, the invoice voided, the hold lifted"
    )
    func unpaidDepositWindow() async throws {
        let testClock = ["O2C_TEST_CLOCK": "1"]
        try await OrderToCashWorld.run(
            financeEnvironment: testClock.merging(["O2C_OVERDUE_INTERVAL_SECONDS": "1"]) { $1 }, ordersEnvironment: testClock
        ) { world in
            let events = try await world.harness.capture([InvoiceOverdue.routingKey, InvoiceVoided.routingKey])
            try await setClocks(world, Self.start)
            let customerId = try await world.customer(grade: "B")
            let orderId = try await world.placeOrder(customerId)
            let deposit = try await world.invoice(orderId, kind: "deposit")
            let invoiceId = try #require(deposit["id"] as? String)
            #expect(deposit["dueDate"] as? String == "2027-03-08", "issued 2027-03-01, due at the end of the 7-day window: \(deposit)")
            try await world.waitForSagaState(orderId, "awaiting_deposit")

            // The last hour of the window, on the due date: nothing overdue, no dunning, no hold, the order stands.
            try await setClocks(world, try Self.instant(Self.start, plusHours: 7 * 24 - 1))
            await #expect(throws: TestFailure.self, "no overdue notice inside the window") {
                try await events.next(InvoiceOverdue.self, timeout: .seconds(4)) { $0.invoiceId == invoiceId }
            }
            let notified = try await world.harness.admin.query(
                "select overdue_notified_at from \(identifier: world.financeSchema).invoices where id = \(invoiceId)")
            #expect(try notified.onlyRow().optionalDate("overdue_notified_at") == nil)
            #expect(try await world.list(world.finance, "/v1/dunning?customerId=\(customerId)", as: .finance).isEmpty)
            let chase = try await world.send(
                "POST", world.finance, "/v1/invoices/\(invoiceId)/dunning-notices", as: .salesperson,
                #"{"note":"please pay","contact":"Li"}"#)
            #expect(chase.status == 409, "a deposit inside its window is not chased: \(String(decoding: chase.body, as: UTF8.self))")
            let inWindow = try await creditView(world, customerId)
            #expect(inWindow["onHold"] as? Bool == false, "\(inWindow)")
            #expect((inWindow["holdReasons"] as? [Any])?.isEmpty == true, "\(inWindow)")
            #expect(try await world.order(orderId)["status"] as? String != "cancelled")

            // Day 8. Finance's clock moves first (a lagging orders service): the deposit is overdue and the customer held...
            let dayEight = try Self.instant(Self.start, plusHours: 8 * 24)  // 2027-03-09, 10:00 in Shanghai
            try await setClocks(world, dayEight, orders: false)
            _ = try await events.next(InvoiceOverdue.self, timeout: .seconds(30)) { $0.invoiceId == invoiceId }
            try await eventually("customer on hold for the overdue deposit", timeout: .seconds(30), every: .milliseconds(300)) {
                try await creditView(world, customerId)["onHold"] as? Bool == true
            }
            // ...then the saga's deadline: cancelled for the unpaid deposit, the invoice voided and the hold lifted.
            try await setClocks(world, dayEight, finance: false)
            try await world.waitForStatus(orderId, "cancelled")
            let voided = try await events.next(InvoiceVoided.self, timeout: .seconds(30)) { $0.invoiceId == invoiceId }
            #expect(voided.reason == "deposit_unpaid")
            #expect(voided.outstanding == Money("3600.00")!)
            let invoice = try await world.invoice(orderId, kind: "deposit")
            #expect(invoice["status"] as? String == "cancelled", "voided: \(invoice)")
            #expect(invoice["outstanding"] as? String == "0.00")
            let history = try await world.harness.admin.query(
                "select cancelled_by, cancelled_reason, cancelled_at from \(identifier: world.financeSchema).invoices where id = \(invoiceId)"
            )
            let row = try history.onlyRow()
            #expect(try row.string("cancelled_by") == "system")
            #expect(try row.string("cancelled_reason") == "deposit_unpaid")
            #expect(try row.optionalDate("cancelled_at") != nil)
            var after: [String: Any] = [:]
            try await eventually("hold lifted", timeout: .seconds(30), every: .milliseconds(300)) {
                after = try await creditView(world, customerId)
                return after["onHold"] as? Bool == false
            }
            #expect((after["holdReasons"] as? [Any])?.isEmpty == true, "\(after)")
            try await eventually("nothing left in exposure", timeout: .seconds(30), every: .milliseconds(300)) {
                try await creditView(world, customerId)["exposure"] as? String == "0.00"
            }
            #expect(try await world.list(world.finance, "/v1/dunning?customerId=\(customerId)", as: .finance).isEmpty)
            try await world.expectLedgerBalances(customerId)
        }
    }
}
