import Foundation
import O2CContracts

/// After the orders, a few customers send goods back (DOMAIN.md "After-sales and returns"): one piece of
/// a completed order, alternately as a return (ends `refunded` with a credit note) and an exchange (ends
/// `exchanged` after the replacement went through the warehouse). Plays the salesperson, branch_manager,
/// technician, sales_manager, warehouse keeper, carrier and gatekeeper.
struct ReturnDriver: Sendable {
    struct Delivered: Sendable {
        var orderId: String
        var sku: String
        var quantity: Int
    }

    struct Outcome: Sendable {
        var returnId: String
        var kind: String
        var status: String
        var creditNote: String?
    }

    let client: DemoClient
    let timeout: Duration

    func run(_ delivered: Delivered, kind: String) async throws -> Outcome {
        let created = try await client.call(
            "POST", .afterSales, "/v1/returns", as: .salesperson,
            [
                "orderId": delivered.orderId, "kind": kind, "reason": "cracked casting (o2c-demo)",
                "lines": [["sku": delivered.sku, "quantity": 1]],
            ])
        guard let returnId = created["id"] as? String else { throw DemoClient.Failure("return without id") }
        let path = "/v1/returns/\(returnId)"
        _ = try await client.call(
            "POST", .afterSales, "\(path)/approvals", as: .branchManager, ["decision": "approve", "comment": "confirmed"])
        _ = try await client.call(
            "POST", .afterSales, "\(path)/inspection", as: .technician, ["genuine": true, "notes": "our casting, cracked"])
        _ = try await client.call(
            "POST", .afterSales, "\(path)/approvals", as: .salesManager, ["decision": "approve", "comment": "return detail ok"])

        let returnNote = try await note(of: delivered.orderId, kind: "return")
        _ = try await client.call(
            "POST", .warehouse, "/v1/dispatch-notes/\(returnNote)/return-receipt", as: .warehouseKeeper,
            ["lines": [["sku": delivered.sku, "quantity": 1]]])
        if kind == "exchange" { try await shipReplacement(delivered) }
        let final = kind == "exchange" ? "exchanged" : "refunded"
        let view = try await client.poll("return \(returnId) \(final)", timeout: timeout) { () -> [String: Any]? in
            let view = try await client.call("GET", .afterSales, path, as: .salesManager)
            return view["status"] as? String == final ? view : nil
        }
        let creditNote = (view["creditNote"] as? [String: Any])?["amount"] as? String
        return Outcome(returnId: returnId, kind: kind, status: final, creditNote: creditNote)
    }

    /// The replacement goes through the normal dispatch steps.
    private func shipReplacement(_ delivered: Delivered) async throws {
        let noteId = try await note(of: delivered.orderId, kind: "replacement")
        _ = try await client.call(
            "POST", .warehouse, "/v1/dispatch-notes/\(noteId)/pick", as: .warehouseKeeper,
            ["lines": [["sku": delivered.sku, "quantity": 1]], "pickedBy": ["Wang", "Zhao"]])
        _ = try await client.call(
            "POST", .warehouse, "/v1/dispatch-notes/\(noteId)/handover", as: .warehouseKeeper,
            [
                "carrier": "Swift Freight", "signedBy": "Driver Chen",
                "waybill": [
                    "quantity": 1, "unitFreight": "0.00", "pricingUnit": "piece", "consignee": "Li", "address": "Foundry Rd",
                    "phone": "138000", "totalFreight": "0.00", "destination": "Wuxi",
                ] as [String: Any],
            ])
        let pass = try await client.call("POST", .warehouse, "/v1/dispatch-notes/\(noteId)/gate-pass", as: .salesAdmin)
        guard let passId = pass["gatePassId"] as? String else { throw DemoClient.Failure("no gatePassId") }
        _ = try await client.call("POST", .warehouse, "/v1/gate-passes/\(passId)/release", as: .gatekeeper)
        _ = try await client.call(
            "POST", .warehouse, "/v1/dispatch-notes/\(noteId)/delivery", as: .salesAdmin,
            ["signedBy": "Li", "signedAt": ISO8601DateFormatter().string(from: Date())])
    }

    private func note(of orderId: String, kind: String) async throws -> String {
        let note = try await client.poll("\(kind) note of \(orderId)", timeout: timeout) {
            try await client.list(.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin)
                .first { $0["kind"] as? String == kind && $0["status"] as? String != "received" }
        }
        guard let id = note["id"] as? String else { throw DemoClient.Failure("\(kind) note without id") }
        return id
    }
}
