import Foundation
import O2CContracts
import Testing

/// DOMAIN.md "The order-to-cash flow": a signed contract becomes reserved credit, a deposit invoice, a
/// shipment that leaves through the gate, a delivery, a balance invoice and money allocated to it —
/// with the four services as separate processes against the real RabbitMQ and PostgreSQL.
@Suite("Order to cash end to end (all services as processes)", .serialized)
struct OrderToCashEndToEndTests {
    struct Suite {
        let harness: ServiceHarness
        let orders: ServiceProcess
        let credit: ServiceProcess
        let warehouse: ServiceProcess
        let finance: ServiceProcess

        static func start() async throws -> Suite {
            let harness = try await ServiceHarness(executable: "orders")
            do {
                let orders = try await harness.start()
                let credit = try await harness.start("credit", schema: "\(harness.id)_credit")
                let warehouse = try await harness.start("warehouse-dispatch", schema: "\(harness.id)_warehouse")
                let finance = try await harness.start("finance-collections", schema: "\(harness.id)_finance")
                return Suite(harness: harness, orders: orders, credit: credit, warehouse: warehouse, finance: finance)
            } catch {
                await harness.tearDown()
                throw error
            }
        }

        func call(_ method: String, _ process: ServiceProcess, _ path: String, as role: Role, _ json: String? = nil) async throws -> [String: Any] {
            let token = try await harness.token(role, subject: "\(role.rawValue)-1")
            let (body, status) = try await harness.http(method, process, path, token: token, json: json)
            guard (200..<300).contains(status) else {
                throw TestFailure("\(method) \(path) as \(role.rawValue) → \(status): \(String(decoding: body, as: UTF8.self))")
            }
            return (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
        }

        func list(_ process: ServiceProcess, _ path: String, as role: Role) async throws -> [[String: Any]] {
            let token = try await harness.token(role)
            let (body, status) = try await harness.http("GET", process, path, token: token)
            guard status == 200 else { throw TestFailure("GET \(path) → \(status)") }
            return (try JSONSerialization.jsonObject(with: body) as? [[String: Any]]) ?? []
        }

        /// Waits for an item of a list endpoint that matches.
        func waitFor(_ process: ServiceProcess, _ path: String, as role: Role, timeout: Duration = .seconds(30),
                     _ matches: @escaping ([String: Any]) -> Bool) async throws -> [String: Any] {
            var found: [String: Any]?
            try await eventually(path, timeout: timeout, every: .milliseconds(200)) {
                found = try await list(process, path, as: role).first(where: matches)
                return found != nil
            }
            return found!
        }
    }

    @Test("grade A: deposit 30%, shipment after the deposit, balance due on dispatch, freight charged, order completed")
    func gradeAToCompletion() async throws {
        let suite = try await Suite.start()
        do {
            _ = try await suite.call("POST", suite.orders, "/v1/products", as: .salesManager, #"{"sku":"FL-100","name":"Flange","spec":"DN100","unit":"piece","marketPrice":"1200.00","dealerFloorPrice":"1000.00","factoryFloorPrice":"800.00"}"#)
            let customer = try await suite.call("POST", suite.orders, "/v1/customers", as: .salesperson, #"{"name":"Acme Castings","channel":"end_user","contact":{"person":"Li","phone":"138"},"deliveryAddress":"1 Foundry Rd"}"#)
            let customerId = try #require(customer["id"] as? String)
            _ = try await suite.call("PUT", suite.credit, "/v1/customers/\(customerId)/credit-profile", as: .finance, #"{"grade":"A","creditLimit":"100000.00","depositRatio":"0.30"}"#)
            _ = try await suite.call("PUT", suite.warehouse, "/v1/stock/FL-100", as: .warehouseKeeper, #"{"warehouse":"main","onHand":100}"#)

            let quote = try await suite.call("POST", suite.orders, "/v1/quotes", as: .salesperson, #"{"customerId":"\#(customerId)","lines":[{"sku":"FL-100","quantity":10,"unitPrice":"1200.00"}],"validUntil":"2030-01-01"}"#)
            let quoteId = try #require(quote["id"] as? String)
            #expect(quote["total"] as? String == "12000.00")
            _ = try await suite.call("POST", suite.orders, "/v1/quotes/\(quoteId)/send", as: .salesperson)
            _ = try await suite.call("POST", suite.orders, "/v1/quotes/\(quoteId)/accept", as: .salesperson)
            let contract = try await suite.call("POST", suite.orders, "/v1/contracts", as: .salesperson, #"{"quoteId":"\#(quoteId)","deliveryAddress":"1 Foundry Rd","requestedDeliveryDate":"2030-01-01"}"#)
            let contractId = try #require(contract["id"] as? String)
            let signed = try await suite.call("POST", suite.orders, "/v1/contracts/\(contractId)/sign", as: .salesAdmin)
            let orderId = try #require(signed["orderId"] as? String)

            let deposit = try await suite.waitFor(suite.finance, "/v1/invoices?orderId=\(orderId)", as: .finance) { $0["kind"] as? String == "deposit" }
            #expect(deposit["amount"] as? String == "3600.00")
            let notesBefore = try await suite.list(suite.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin)
            #expect(notesBefore.isEmpty, "no dispatch note before the deposit is in")

            _ = try await suite.call("POST", suite.finance, "/v1/receipts", as: .finance, #"{"customerId":"\#(customerId)","amount":"3600.00","method":"bank","reference":"DEP-1"}"#)
            let note = try await suite.waitFor(suite.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin) { _ in true }
            let noteId = try #require(note["id"] as? String)
            _ = try await suite.call("POST", suite.warehouse, "/v1/dispatch-notes/\(noteId)/pick", as: .warehouseKeeper, #"{"lines":[{"sku":"FL-100","quantity":10}],"pickedBy":["Wang","Zhao"]}"#)
            _ = try await suite.call("POST", suite.warehouse, "/v1/dispatch-notes/\(noteId)/handover", as: .warehouseKeeper, #"{"carrier":"Swift Freight","waybill":{"quantity":10,"unitFreight":"5.00","pricingUnit":"piece","consignee":"Li","address":"1 Foundry Rd","phone":"138","totalFreight":"50.00","destination":"Wuxi"},"signedBy":"Driver Chen"}"#)
            let pass = try await suite.call("POST", suite.warehouse, "/v1/dispatch-notes/\(noteId)/gate-pass", as: .salesAdmin)
            let passId = try #require(pass["gatePassId"] as? String)
            _ = try await suite.call("POST", suite.warehouse, "/v1/gate-passes/\(passId)/release", as: .gatekeeper)

            let balance = try await suite.waitFor(suite.finance, "/v1/invoices?orderId=\(orderId)", as: .finance) { $0["kind"] as? String == "balance" }
            #expect(balance["amount"] as? String == "8400.00")
            _ = try await suite.call("POST", suite.warehouse, "/v1/dispatch-notes/\(noteId)/delivery", as: .salesAdmin, #"{"signedBy":"Li","signedAt":"2026-11-25T08:00:00Z"}"#)
            _ = try await suite.waitFor(suite.finance, "/v1/invoices?customerId=\(customerId)", as: .finance) { $0["kind"] as? String == "freight" }
            _ = try await suite.call("POST", suite.finance, "/v1/receipts", as: .finance, #"{"customerId":"\#(customerId)","amount":"8450.00","method":"bank","reference":"BAL-1"}"#)

            try await eventually("order completed", timeout: .seconds(30)) {
                let order = try await suite.call("GET", suite.orders, "/v1/orders/\(orderId)", as: .salesManager)
                return order["status"] as? String == "completed"
            }
            let invoices = try await suite.list(suite.finance, "/v1/invoices?customerId=\(customerId)", as: .finance)
            #expect(invoices.allSatisfy { $0["outstanding"] as? String == "0.00" })
            #expect(invoices.filter { $0["kind"] as? String == "deposit" }.count == 1)
            #expect(invoices.filter { $0["kind"] as? String == "balance" }.count == 1)
        } catch { await suite.harness.tearDown(); throw error }
        await suite.harness.tearDown()
    }
}
