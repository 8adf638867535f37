import Foundation
import O2CContracts
import Testing

/// DOMAIN.md "Order amendments" and the customer-contact deadlines of "The order-to-cash flow", across
/// orders, credit, warehouse-dispatch and finance-collections as separate processes.
@Suite("Order amendments and customer contacts end to end (DOMAIN.md: Order amendments; Deadlines)", .serialized)
struct OrderAmendmentEndToEndTests {
    @Test("a line-item amendment before the deposit is paid re-prices credit, the deposit invoice, the shipment and the balance")
    func lineItemAmendment() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "B")
            let orderId = try await world.placeOrder(customerId)  // 10 × 1200.00 = 12000.00
            let confirmed = try await world.call(
                "POST", world.orders, "/v1/orders/\(orderId)/customer-confirmation", as: .customerService,
                #"{"contact":"Li (buyer)","note":"confirmed quantities and delivery date by phone"}"#)
            #expect(confirmed["kind"] as? String == "order_confirmation")
            let firstDeposit = try await world.invoice(orderId, kind: "deposit")
            #expect(firstDeposit["amount"] as? String == "3600.00")

            let request = try await world.call(
                "POST", world.orders, "/v1/orders/\(orderId)/amendments", as: .salesperson,
                #"{"kind":"line_item","lines":[{"sku":"FL-100","quantity":12,"unitPrice":"1200.00"}],"reason":"customer letter of 2026-11-23"}"#
            )
            let requestId = try #require(request["requestId"] as? String)
            #expect(request["requiredApprovals"] as? [String] == ["sales_manager"])
            let approved = try await world.call(
                "POST", world.orders, "/v1/order-requests/\(requestId)/approvals", as: .salesManager,
                #"{"decision":"approve","comment":"stock allows"}"#)
            #expect(approved["status"] as? String == "applying", "a higher total waits for credit")
            try await eventually("credit agrees and the amendment is applied", timeout: .seconds(30), every: .milliseconds(200)) {
                try await world.call("GET", world.orders, "/v1/order-requests/\(requestId)", as: .salesManager)["status"] as? String
                    == "applied"
            }

            let order = try await world.order(orderId)
            #expect(order["total"] as? String == "14400.00")
            try await eventually("credit reservation follows the amendment", timeout: .seconds(30), every: .milliseconds(200)) {
                try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)["exposure"] as? String
                    == "14400.00"
            }
            let deposit = try await world.waitFor(world.finance, "/v1/invoices?orderId=\(orderId)", as: .finance) {
                $0["kind"] as? String == "deposit" && $0["amount"] as? String == "4320.00"
            }
            #expect(deposit["outstanding"] as? String == "4320.00", "30% of the amended 14400.00")

            try await world.payDeposit(customerId, orderId)
            let note = try await world.waitFor(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) { _ in true }
            let lines = try #require(note["lines"] as? [[String: Any]])
            #expect(lines.first?["quantity"] as? Int == 12, "the shipment carries the amended quantity")
            try await world.ship(orderId, quantity: 12)
            try await world.waitForSagaState(orderId, "awaiting_delivery")

            let late = try await world.send(
                "POST", world.orders, "/v1/orders/\(orderId)/amendments", as: .salesperson,
                #"{"kind":"line_item","lines":[{"sku":"FL-100","quantity":13,"unitPrice":"1200.00"}]}"#)
            #expect(late.status == 409, "after dispatch only returns apply")

            _ = try await world.call(
                "POST", world.orders, "/v1/orders/\(orderId)/shipment-notice", as: .customerService,
                #"{"contact":"Li (buyer)","note":"12 pieces left on 2026-11-24 with Swift Freight"}"#)
            try await world.deliver(orderId)
            let balance = try await world.invoice(orderId, kind: "balance")
            #expect(balance["amount"] as? String == "10080.00", "14400.00 − 4320.00")
            try await world.payOutstanding(customerId, reference: "BAL-\(orderId)")
            try await world.waitForStatus(orderId, "completed")
            let steps = try #require((try await world.order(orderId)["saga"] as? [String: Any])?["steps"] as? [[String: Any]])
            for name in ["customer_confirmed", "customer_told_of_shipment"] {
                #expect(steps.first { $0["name"] as? String == name }?["status"] as? String == "done", "\(name)")
            }
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test(
        "after the deposit is paid, fewer pieces: the dispatch note changes before picking, the paid deposit stays, the balance is the rest"
    )
    func amendmentAfterDeposit() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "A")
            let orderId = try await world.placeOrder(customerId)  // 10 × 1200.00 = 12000.00
            try await world.payDeposit(customerId, orderId)  // 3600.00
            _ = try await world.dispatchNote(orderId)

            let request = try await world.call(
                "POST", world.orders, "/v1/orders/\(orderId)/amendments", as: .salesperson,
                #"{"kind":"line_item","lines":[{"sku":"FL-100","quantity":8,"unitPrice":"1200.00"}],"reason":"customer letter"}"#)
            let requestId = try #require(request["requestId"] as? String)
            _ = try await world.call(
                "POST", world.orders, "/v1/order-requests/\(requestId)/approvals", as: .salesManager,
                #"{"decision":"approve"}"#)
            let note = try await world.waitFor(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) {
                (($0["lines"] as? [[String: Any]])?.first?["quantity"] as? Int) == 8
            }
            #expect(note["status"] as? String == "issued")
            let stock = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            #expect(stock["reserved"] as? Int == 8, "the reservation follows the note")

            try await world.ship(orderId, quantity: 8)
            let balance = try await world.invoice(orderId, kind: "balance")
            #expect(balance["amount"] as? String == "6000.00", "9600.00 − the 3600.00 deposit already paid")
            let deposit = try await world.invoice(orderId, kind: "deposit")
            #expect(deposit["amount"] as? String == "3600.00", "a paid deposit is not re-priced")
            try await world.deliver(orderId)
            _ = try await world.waitFor(world.finance, "/v1/invoices?customerId=\(customerId)", as: .finance) {
                $0["kind"] as? String == "freight"
            }
            try await world.payOutstanding(customerId, reference: "BAL-\(orderId)")
            try await world.waitForStatus(orderId, "completed")
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("a customer who has not confirmed 4 hours after signing: an alert, and the order shows as stuck until confirmed")
    func customerConfirmationDeadline() async throws {
        try await OrderToCashWorld.run(ordersEnvironment: ["O2C_TEST_CLOCK": "1"]) { world in
            let alerts = try await world.harness.capture(["orders.customer_confirmation_late.v1"])
            let customerId = try await world.customer(grade: "A")
            let orderId = try await world.placeOrder(customerId)
            let refused = try await world.send(
                "POST", world.orders, "/v1/orders/\(orderId)/customer-confirmation", as: .warehouseKeeper,
                #"{"contact":"Li","note":"ok"}"#)
            #expect(refused.status == 403)
            let empty = try await world.send(
                "POST", world.orders, "/v1/orders/\(orderId)/customer-confirmation", as: .customerService,
                #"{"contact":" ","note":""}"#)
            #expect(empty.status == 422)

            _ = try await world.call(
                "PUT", world.orders, "/v1/admin/test-clock", as: .customerService,
                #"{"now":"\#(ISO8601DateFormatter().string(from: Date().addingTimeInterval(5 * 3_600)))"}"#)
            let alert = try await alerts.next(CustomerConfirmationLate.self, timeout: .seconds(30)) { $0.orderId == orderId }
            #expect(alert.orderId == orderId)
            try await eventually("order listed as stuck", timeout: .seconds(20), every: .milliseconds(200)) {
                try await world.list(world.orders, "/v1/sagas/stuck", as: .salesManager).contains { $0["id"] as? String == orderId }
            }
            _ = try await world.call(
                "POST", world.orders, "/v1/orders/\(orderId)/customer-confirmation", as: .customerService,
                #"{"contact":"Li (buyer)","note":"confirmed late, was travelling"}"#)
            let stuck = try await world.list(world.orders, "/v1/sagas/stuck", as: .salesManager)
            #expect(!stuck.contains { $0["id"] as? String == orderId })
        }
    }
}
