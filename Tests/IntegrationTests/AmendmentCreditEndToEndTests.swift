import Foundation
import O2CContracts
import Testing

/// CONTRACT.md "Changes to an order": an amendment that raises the total is checked against the credit limit
/// and holds like a new order (DOMAIN.md "Credit"); refused, the change request ends `rejected` with credit's
/// code and nothing is re-priced. Orders, credit, warehouse-dispatch and finance-collections as processes.
@Suite("Amendments that raise the total against credit end to end (CONTRACT.md Changes to an order; DOMAIN.md Credit)", .serialized)
struct AmendmentCreditEndToEndTests {
    @Test(
        "DOMAIN.md Credit: over the limit the amendment is rejected credit_limit_exceeded and nothing re-priced; within it, applied and exposure grows"
    )
    func overAndWithinLimit() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "B", limit: "15000.00")
            let orderId = try await world.placeOrder(customerId)  // 10 × 1200.00 = 12000.00
            let deposit = try await world.invoice(orderId, kind: "deposit")
            #expect(deposit["amount"] as? String == "3600.00")
            try await expectExposure(world, customerId, "12000.00")

            // 13 × 1200.00 = 15600.00: 600.00 over the limit of 15000.00.
            let over = try await amend(world, orderId, quantity: 13)
            #expect(over["status"] as? String == "applying")
            let rejected = try await settled(world, try #require(over["requestId"] as? String))
            #expect(rejected["status"] as? String == "rejected")
            let rejection = try #require(rejected["rejection"] as? [String: Any], "the request says why: \(rejected)")
            #expect(rejection["code"] as? String == "credit_limit_exceeded")
            #expect((rejection["reason"] as? String)?.contains("15000.00") == true, "\(rejection)")

            #expect(try await world.order(orderId)["total"] as? String == "12000.00")
            #expect(try await world.invoice(orderId, kind: "deposit")["amount"] as? String == "3600.00")
            try await expectExposure(world, customerId, "12000.00")
            #expect(try await reserved(world, orderId) == "12000.00")

            // 12 × 1200.00 = 14400.00 fits: applied, and finance, credit and the warehouse follow.
            let within = try await amend(world, orderId, quantity: 12)
            let applied = try await settled(world, try #require(within["requestId"] as? String))
            #expect(applied["status"] as? String == "applied")
            #expect(applied["rejection"] == nil)
            #expect(try await world.order(orderId)["total"] as? String == "14400.00")
            _ = try await world.waitFor(world.finance, "/v1/invoices?orderId=\(orderId)", as: .finance) {
                $0["kind"] as? String == "deposit" && $0["amount"] as? String == "4320.00"
            }
            try await expectExposure(world, customerId, "14400.00")
            #expect(try await reserved(world, orderId) == "14400.00")
            try await world.payDeposit(customerId, orderId)
            let note = try await world.waitFor(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) { _ in true }
            #expect((note["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 12)
        }
    }

    @Test("DOMAIN.md Credit: a customer on hold gets customer_on_hold; the order, the dispatch note and the reservation stay as they were")
    func onHold() async throws {
        try await OrderToCashWorld.run { world in
            let customerId = try await world.customer(grade: "A")
            let orderId = try await world.placeOrder(customerId)  // 12000.00, well within 100000.00
            try await world.payDeposit(customerId, orderId)
            _ = try await world.dispatchNote(orderId)
            // Another invoice of the customer's falls overdue: credit puts the customer on hold.
            try await world.harness.publish(
                InvoiceOverdue(
                    invoiceId: "INV-OLD-\(orderId)", orderId: nil, customerId: customerId, dueDate: "2026-11-01",
                    outstanding: try #require(Money("100.00"))),
                correlationID: customerId)
            try await eventually("customer on hold", timeout: .seconds(30), every: .milliseconds(200)) {
                try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)["onHold"] as? Bool == true
            }
            let exposure = try #require(
                try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)["exposure"] as? String)

            let request = try await amend(world, orderId, quantity: 11)
            let rejected = try await settled(world, try #require(request["requestId"] as? String))
            #expect(rejected["status"] as? String == "rejected")
            #expect((rejected["rejection"] as? [String: Any])?["code"] as? String == "customer_on_hold", "\(rejected)")

            #expect(try await world.order(orderId)["total"] as? String == "12000.00")
            // The note was held while credit decided (CONTRACT.md "Changes to an order"); refused, the hold is lifted.
            let note = try await world.waitFor(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) {
                $0["heldFor"] == nil
            }
            #expect((note["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 10)
            let noteId = try #require(note["id"] as? String)
            _ = try await world.call(
                "POST", world.warehouse, "/v1/dispatch-notes/\(noteId)/pick", as: .warehouseKeeper,
                #"{"lines":[{"sku":"FL-100","quantity":10}],"pickedBy":["Wang"]}"#)
            try await expectExposure(world, customerId, exposure)
            #expect(try await reserved(world, orderId) == "12000.00")
        }
    }

    // MARK: - Helpers

    /// A line-item amendment of FL-100 at 1200.00, approved by the sales_manager; the approval's answer.
    private func amend(_ world: OrderToCashWorld, _ orderId: String, quantity: Int) async throws -> [String: Any] {
        let request = try await world.call(
            "POST", world.orders, "/v1/orders/\(orderId)/amendments", as: .salesperson,
            #"{"kind":"line_item","lines":[{"sku":"FL-100","quantity":\#(quantity),"unitPrice":"1200.00"}],"reason":"customer letter"}"#)
        let requestId = try #require(request["requestId"] as? String)
        return try await world.call(
            "POST", world.orders, "/v1/order-requests/\(requestId)/approvals", as: .salesManager,
            #"{"decision":"approve"}"#)
    }

    /// The change request once credit has answered (no longer `applying`).
    private func settled(_ world: OrderToCashWorld, _ requestId: String) async throws -> [String: Any] {
        var request: [String: Any] = [:]
        try await eventually("request \(requestId) settled", timeout: .seconds(30), every: .milliseconds(200)) {
            request = try await world.call("GET", world.orders, "/v1/order-requests/\(requestId)", as: .salesManager)
            return request["status"] as? String != "applying"
        }
        return request
    }

    private func expectExposure(_ world: OrderToCashWorld, _ customerId: String, _ amount: String) async throws {
        try await eventually("exposure \(amount)", timeout: .seconds(30), every: .milliseconds(200)) {
            try await world.call("GET", world.credit, "/v1/customers/\(customerId)/credit", as: .finance)["exposure"] as? String == amount
        }
    }

    private func reserved(_ world: OrderToCashWorld, _ orderId: String) async throws -> String? {
        let rows = try await world.harness.admin.query(
            "select amount from \(identifier: "\(world.harness.id)_credit").credit_reservations where order_id = \(orderId) and status = 'reserved'"
        )
        return try rows.rows.first.map { Money(minorUnits: try $0.int64("amount")).description }
    }
}
