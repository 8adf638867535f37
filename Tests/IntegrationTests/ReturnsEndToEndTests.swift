import Foundation
import O2CContracts
import Testing

/// DOMAIN.md "After-sales and returns" across all five processes: a completed order's goods come back
/// through the return saga (after-sales) — reversing note and intake (warehouse-dispatch), credit note
/// and refund (finance-collections) — or are exchanged for replacement goods shipped like any dispatch.
@Suite("Returns and exchanges end to end (all five services as processes)", .serialized)
struct ReturnsEndToEndTests {
    @Test("a partial return of a completed order ends refunded: credit note of received qty × price, stock back, ledger balances")
    func partialReturnRefunded() async throws {
        try await OrderToCashWorld.run(withAfterSales: true) { world in
            let (customerId, orderId) = try await world.completedOrder()
            let returnId = try await world.requestReturn(orderId, kind: "return", quantity: 4)
            try await world.approveReturn(returnId)
            try await world.receiveReturn(orderId, returnId, quantity: 4)
            let view = try await world.waitForReturn(returnId, "refunded")
            let creditNote = try #require(view["creditNote"] as? [String: Any])
            #expect(creditNote["amount"] as? String == "4800.00")
            #expect(view["amount"] as? String == "4800.00")
            let credit = try await world.waitFor(world.finance, "/v1/invoices?orderId=\(orderId)", as: .finance) {
                $0["kind"] as? String == "credit_note"
            }
            #expect((credit["amount"] as? String).map { $0.replacingOccurrences(of: "-", with: "") } == "4800.00")
            let stock = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            #expect(stock["onHand"] as? Int == 94, "100 on hand, 10 shipped, 4 back")
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("an exchange ships replacement goods through pick, hand-over, gate and delivery, and makes no credit note")
    func exchangeShipsReplacement() async throws {
        try await OrderToCashWorld.run(withAfterSales: true) { world in
            let (customerId, orderId) = try await world.completedOrder()
            let returnId = try await world.requestReturn(orderId, kind: "exchange", quantity: 2)
            try await world.approveReturn(returnId)
            try await world.receiveReturn(orderId, returnId, quantity: 2)
            let replacement = try await world.waitFor(world.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) {
                $0["kind"] as? String == "replacement" && $0["returnId"] as? String == returnId
            }
            let noteId = try #require(replacement["id"] as? String)
            try await world.shipAndDeliver(noteId, quantity: 2)
            let view = try await world.waitForReturn(returnId, "exchanged")
            #expect(view["creditNote"] == nil || view["creditNote"] is NSNull)
            let invoices = try await world.list(world.finance, "/v1/invoices?orderId=\(orderId)", as: .finance)
            #expect(!invoices.contains { $0["kind"] as? String == "credit_note" })
            let stock = try await world.call("GET", world.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper)
            #expect(stock["onHand"] as? Int == 90, "100 on hand, 10 shipped, 2 back, 2 sent again")
            try await world.expectLedgerBalances(customerId)
        }
    }

    @Test("after-sales killed with SIGKILL right after the approval and restarted: the return still completes, once")
    func afterSalesKilledMidReturn() async throws {
        try await OrderToCashWorld.run(withAfterSales: true) { world in
            let (customerId, orderId) = try await world.completedOrder()
            let returnId = try await world.requestReturn(orderId, kind: "return", quantity: 3)
            try await world.approveReturn(returnId)
            world.afterSales?.kill()
            world.afterSales = try await world.harness.start("after-sales", schema: world.afterSalesSchema)
            try await world.receiveReturn(orderId, returnId, quantity: 3)
            let view = try await world.waitForReturn(returnId, "refunded")
            #expect((view["creditNote"] as? [String: Any])?["amount"] as? String == "3600.00")
            let notes = try await world.list(world.finance, "/v1/invoices?orderId=\(orderId)", as: .finance)
            #expect(notes.filter { $0["kind"] as? String == "credit_note" }.count == 1)
            try await world.expectLedgerBalances(customerId)
        }
    }
}
