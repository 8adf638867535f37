import Foundation
import O2CContracts
import Testing

/// DOMAIN.md "After-sales and returns" across all five processes: what must NOT move — a counterfeit
/// rejected at inspection, a return larger than what was delivered — the credit note offset against what
/// the customer still owes, and a return that survives warehouse-dispatch being killed.
@Suite("Returns end to end: rejections, offsets and a killed warehouse (all five services)", .serialized)
struct ReturnsEndToEndRefusalTests {
    @Test("an item the technician finds not genuine is rejected: no reversing note, no stock, no credit note")
    func counterfeitRejected() async throws {
        try await OrderToCashWorld.run(withAfterSales: true) { world in
            let afterSales = try #require(world.afterSales)
            let (customerId, orderId) = try await world.completedOrder()
            let returnId = try await world.requestReturn(orderId, kind: "return", quantity: 2)
            _ = try await world.call(
                "POST", afterSales, "/v1/returns/\(returnId)/approvals", as: .branchManager, #"{"decision":"approve"}"#)
            _ = try await world.call(
                "POST", afterSales, "/v1/returns/\(returnId)/inspection", as: .technician,
                #"{"genuine":false,"notes":"casting mark is not ours; counterfeit"}"#)
            let view = try await world.waitForReturn(returnId, "rejected")
            #expect(view["creditNote"] == nil || view["creditNote"] is NSNull)
            let late = try await world.send(
                "POST", afterSales, "/v1/returns/\(returnId)/approvals", as: .salesManager, #"{"decision":"approve"}"#)
            #expect(late.status == 409, "nothing is left to approve on a rejected return")

            try await Task.sleep(for: .seconds(1))  // anything wrongly sent would have arrived by now
            let notes = try await world.list(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin)
            #expect(notes.map { $0["kind"] as? String ?? "sale" } == ["sale"], "no reversing note")
            let stock = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            #expect(stock["onHand"] as? Int == 90)
            let invoices = try await world.list(world.finance, "/v1/invoices?orderId=\(orderId)", as: .finance)
            #expect(!invoices.contains { $0["kind"] as? String == "credit_note" })
            let refunds = try await world.list(world.finance, "/v1/refunds?orderId=\(orderId)", as: .finance)
            #expect(refunds.isEmpty)
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("a return larger than delivered less already returned is refused with 422 problem+json and stores nothing")
    func tooMuchRefused() async throws {
        try await OrderToCashWorld.run(withAfterSales: true) { world in
            let afterSales = try #require(world.afterSales)
            let (_, orderId) = try await world.completedOrder()
            func ask(_ quantity: Int) async throws -> (body: [String: Any], status: Int) {
                let (data, status) = try await world.send(
                    "POST", afterSales, "/v1/returns", as: .salesperson,
                    #"{"orderId":"\#(orderId)","kind":"return","lines":[{"sku":"FL-100","quantity":\#(quantity)}],"reason":"cracked"}"#)
                return ((try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:], status)
            }
            let eleven = try await ask(11)
            #expect(eleven.status == 422)
            #expect(eleven.body["code"] as? String == "validation_failed")
            let fields = (eleven.body["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields == ["lines[0].quantity"])
            let none = try await world.list(afterSales, "/v1/returns?orderId=\(orderId)", as: .salesManager)
            #expect(none.isEmpty, "a refused return is not stored")

            _ = try await world.requestReturn(orderId, kind: "return", quantity: 6)
            let five = try await ask(5)
            #expect(five.status == 422, "10 delivered, 6 already on a return: at most 4 more")
            let four = try await ask(4)
            #expect(four.status == 201)
            let returns = try await world.list(afterSales, "/v1/returns?orderId=\(orderId)", as: .salesManager)
            #expect(returns.count == 2)
        }
    }

    @Test("a return while the customer still owes: the credit note is offset against the open balance, nothing refunded")
    func creditNoteOffsetAgainstBalance() async throws {
        try await OrderToCashWorld.run(withAfterSales: true) { world in
            let customerId = try await world.customer(grade: "C")
            let orderId = try await world.placeOrder(customerId)  // 10 × 1200.00
            try await world.payDeposit(customerId, orderId)  // 3600.00
            try await world.ship(orderId)
            try await world.deliver(orderId)
            let balance = try await world.invoice(orderId, kind: "balance")
            #expect(balance["outstanding"] as? String == "8400.00")

            let returnId = try await world.requestReturn(orderId, kind: "return", quantity: 4)
            try await world.approveReturn(returnId)
            try await world.receiveReturn(orderId, returnId, quantity: 4)
            let view = try await world.waitForReturn(returnId, "refunded")
            let creditNote = try #require(view["creditNote"] as? [String: Any])
            #expect(creditNote["amount"] as? String == "4800.00")
            #expect(creditNote["offset"] as? String == "4800.00")
            #expect(creditNote["refunded"] as? String == "0.00")
            // Oldest first: the freight invoice (50.00, issued at dispatch), then the balance (issued at delivery).
            let freight = try await world.waitFor(world.finance, "/v1/invoices?customerId=\(customerId)", as: .finance) {
                $0["kind"] as? String == "freight"
            }
            #expect(freight["outstanding"] as? String == "0.00")
            #expect(freight["status"] as? String == "settled")
            let reduced = try await world.invoice(orderId, kind: "balance")
            #expect(reduced["outstanding"] as? String == "3650.00", "8400.00 − (4800.00 − 50.00 to the freight)")
            try await world.expectLedgerBalances(customerId)

            try await world.payOutstanding(customerId, reference: "BAL-\(orderId)")
            try await world.waitForStatus(orderId, "completed")
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("warehouse-dispatch killed with SIGKILL as the return is approved: one reversing note, the return completes")
    func warehouseKilledMidReturn() async throws {
        try await OrderToCashWorld.run(withAfterSales: true) { world in
            let (customerId, orderId) = try await world.completedOrder()
            let returnId = try await world.requestReturn(orderId, kind: "return", quantity: 3)
            try await world.approveReturn(returnId)
            world.warehouse.kill()
            world.warehouse = try await world.harness.start("warehouse-dispatch", schema: "\(world.harness.id)_warehouse")
            try await world.receiveReturn(orderId, returnId, quantity: 3)
            let view = try await world.waitForReturn(returnId, "refunded")
            #expect((view["creditNote"] as? [String: Any])?["amount"] as? String == "3600.00")
            let notes = try await world.list(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin)
            #expect(notes.filter { $0["kind"] as? String == "return" }.count == 1)
            let stock = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            #expect(stock["onHand"] as? Int == 93)
            try await world.expectLedgerBalances(customerId)
        }
    }
}
