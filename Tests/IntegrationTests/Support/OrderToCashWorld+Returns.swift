import Foundation
import O2CContracts
import Testing

/// The calls people make along DOMAIN.md "After-sales and returns", for worlds started `withAfterSales`.
extension OrderToCashWorld {
    /// A grade A customer's order of 10 × FL-100 at 1200.00, paid, shipped and delivered, and known to
    /// after-sales (its quality tracking cards are open).
    func completedOrder() async throws -> (customerId: String, orderId: String) {
        let customerId = try await customer(grade: "A")
        let orderId = try await placeOrder(customerId)
        try await payDeposit(customerId, orderId)
        try await ship(orderId)
        try await deliver(orderId)
        _ = try await invoice(orderId, kind: "balance")
        _ = try await waitFor(finance, "/v1/invoices?customerId=\(customerId)", as: .finance) { $0["kind"] as? String == "freight" }
        try await payOutstanding(customerId, reference: "BAL-\(orderId)")
        try await waitForStatus(orderId, "completed")
        let afterSales = try #require(afterSales)
        _ = try await waitFor(afterSales, "/v1/quality-cards?orderId=\(orderId)", as: .customerService) { _ in true }
        return (customerId, orderId)
    }

    func requestReturn(_ orderId: String, kind: String, sku: String = "FL-100", quantity: Int) async throws -> String {
        let created = try await call(
            "POST", try #require(afterSales), "/v1/returns", as: .salesperson,
            #"{"orderId":"\#(orderId)","kind":"\#(kind)","lines":[{"sku":"\#(sku)","quantity":\#(quantity)}],"reason":"wrong size"}"#)
        return try #require(created["id"] as? String)
    }

    /// branch_manager confirms, the technician authenticates, sales_manager approves the return detail.
    func approveReturn(_ returnId: String) async throws {
        let afterSales = try #require(afterSales)
        _ = try await call("POST", afterSales, "/v1/returns/\(returnId)/approvals", as: .branchManager, #"{"decision":"approve"}"#)
        _ = try await call("POST", afterSales, "/v1/returns/\(returnId)/inspection", as: .technician, #"{"genuine":true,"notes":"ours"}"#)
        _ = try await call("POST", afterSales, "/v1/returns/\(returnId)/approvals", as: .salesManager, #"{"decision":"approve"}"#)
    }

    /// Waits for the reversing note and counts the goods in on it.
    func receiveReturn(_ orderId: String, _ returnId: String, sku: String = "FL-100", quantity: Int) async throws {
        let note = try await waitFor(warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) {
            $0["kind"] as? String == "return" && $0["returnId"] as? String == returnId
        }
        let noteId = try #require(note["id"] as? String)
        _ = try await call(
            "POST", warehouse, "/v1/dispatch-notes/\(noteId)/return-receipt", as: .warehouseKeeper,
            #"{"lines":[{"sku":"\#(sku)","quantity":\#(quantity)}]}"#)
    }

    /// Pick, hand over, gate pass, release and delivery of one note (an exchange's replacement).
    func shipAndDeliver(_ noteId: String, sku: String = "FL-100", quantity: Int) async throws {
        _ = try await call(
            "POST", warehouse, "/v1/dispatch-notes/\(noteId)/pick", as: .warehouseKeeper,
            #"{"lines":[{"sku":"\#(sku)","quantity":\#(quantity)}],"pickedBy":["Wang","Zhao"]}"#)
        _ = try await call(
            "POST", warehouse, "/v1/dispatch-notes/\(noteId)/handover", as: .warehouseKeeper,
            #"{"carrier":"Swift Freight","waybill":{"quantity":\#(quantity),"unitFreight":"5.00","pricingUnit":"piece","consignee":"Li","address":"1 Foundry Rd","phone":"138","totalFreight":"\#(Money(minorUnits: 500 * Int64(quantity)))","destination":"Wuxi"},"signedBy":"Driver Chen"}"#
        )
        let pass = try await call("POST", warehouse, "/v1/dispatch-notes/\(noteId)/gate-pass", as: .salesAdmin)
        let passId = try #require(pass["gatePassId"] as? String)
        _ = try await call("POST", warehouse, "/v1/gate-passes/\(passId)/release", as: .gatekeeper)
        _ = try await call(
            "POST", warehouse, "/v1/dispatch-notes/\(noteId)/delivery", as: .salesAdmin,
            #"{"signedBy":"Li","signedAt":"2026-11-30T08:00:00Z"}"#)
    }

    /// Polls the return until its status is `status`; returns its view.
    func waitForReturn(_ returnId: String, _ status: String, timeout: Duration = .seconds(45)) async throws -> [String: Any] {
        var view: [String: Any] = [:]
        try await eventually("return \(returnId) \(status)", timeout: timeout, every: .milliseconds(200)) {
            view = try await call("GET", try #require(afterSales), "/v1/returns/\(returnId)", as: .auditor)
            return view["status"] as? String == status
        }
        return view
    }
}
