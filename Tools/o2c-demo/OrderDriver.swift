import Foundation
import O2CContracts

/// One order from quote to `completed` (or, when asked, to `cancelled` after its deposit), playing
/// every person involved: salesperson, sales admin, the bank (finance receipts), the warehouse, the
/// carrier and the gatekeeper. Records when each milestone was observed.
struct OrderDriver: Sendable {
    enum Outcome: Sendable { case completed, cancelled, failed(String) }
    struct Result: Sendable {
        var outcome: Outcome
        var marks: [String: ContinuousClock.Instant]
        /// What a completed order delivered, for the returns the demo drives afterwards.
        var delivered: ReturnDriver.Delivered?
    }

    let client: DemoClient
    let timeout: Duration
    let clock = ContinuousClock()

    func run(index: Int, customer: DemoSeeder.Customer, products: [DemoSeeder.Product], cancel: Bool) async -> Result {
        var marks: [String: ContinuousClock.Instant] = [:]
        var delivered: ReturnDriver.Delivered?
        do {
            let outcome = try await drive(
                index: index, customer: customer, products: products, cancel: cancel, marks: &marks, delivered: &delivered)
            return Result(outcome: outcome, marks: marks, delivered: delivered)
        } catch {
            return Result(outcome: .failed("order #\(index) (grade \(customer.grade)): \(error)"), marks: marks)
        }
    }

    private func drive(
        index: Int, customer: DemoSeeder.Customer, products: [DemoSeeder.Product], cancel: Bool,
        marks: inout [String: ContinuousClock.Instant], delivered: inout ReturnDriver.Delivered?
    ) async throws -> Outcome {
        let product = products[index % products.count]
        let quantity = 5 + index % 7
        let address = "\(index + 1) Foundry Rd, Wuxi"
        let orderId = try await sign(index: index, customer: customer, product: product, quantity: quantity, address: address)
        marks["signed"] = clock.now
        _ = try await client.call(
            "POST", .orders, "/v1/orders/\(orderId)/customer-confirmation", as: .customerService,
            ["contact": "Li \(index)", "note": "order confirmed by phone"])

        let deposit = try await waitInvoice(orderId, kind: "deposit")
        marks["depositInvoiced"] = clock.now
        try await pay(customer, deposit["outstanding"] as? String ?? deposit["amount"] as? String ?? "0.00", reference: "DEP-\(orderId)")
        marks["depositPaid"] = clock.now

        if cancel { return try await cancelOrder(orderId, marks: &marks) }

        let note = try await client.poll("dispatch note of \(orderId)", timeout: timeout) {
            try await client.list(.warehouse, "/v1/dispatch-notes?orderId=\(orderId)", as: .salesAdmin).first
        }
        marks["dispatchNote"] = clock.now
        guard let noteId = note["id"] as? String else { throw DemoClient.Failure("dispatch note without id") }
        try await ship(noteId: noteId, index: index, product: product, quantity: quantity, address: address) {
            marks["released"] = clock.now
        }

        // customer_service tells the customer what shipped once orders knows the goods left.
        _ = try await client.poll("dispatch of \(orderId) known to orders", timeout: timeout) { () -> Bool? in
            let saga = try await client.call("GET", .orders, "/v1/orders/\(orderId)", as: .customerService)["saga"] as? [String: Any]
            let steps = saga?["steps"] as? [[String: Any]] ?? []
            return steps.contains { $0["name"] as? String == "dispatched" && $0["status"] as? String == "done" } ? true : nil
        }
        _ = try await client.call(
            "POST", .orders, "/v1/orders/\(orderId)/shipment-notice", as: .customerService,
            ["contact": "Li \(index)", "note": "\(quantity) × \(product.sku) left with Swift Freight"])

        _ = try await waitInvoice(orderId, kind: "balance")
        marks["balanceInvoiced"] = clock.now
        // The freight advanced for the customer is invoiced too; pay it with the balance when it is there.
        _ = try? await client.poll("freight invoice", timeout: .seconds(5)) {
            try await client.list(.finance, "/v1/invoices?customerId=\(customer.id)", as: .finance)
                .first { $0["kind"] as? String == "freight" }
        }
        let open = try await client.list(.finance, "/v1/invoices?customerId=\(customer.id)", as: .finance)
        let owed = try open.compactMap { Money($0["outstanding"] as? String ?? "") }.sum()
        if owed > .zero { try await pay(customer, owed.description, reference: "BAL-\(orderId)") }
        marks["lastReceipt"] = clock.now
        try await waitStatus(orderId, "completed")
        marks["completed"] = clock.now
        delivered = ReturnDriver.Delivered(orderId: orderId, sku: product.sku, quantity: quantity)
        return .completed
    }

    /// Quote, its approvals, sending and acceptance, the contract, its approvals and signing: the order's id.
    func sign(
        index: Int, customer: DemoSeeder.Customer, product: DemoSeeder.Product, quantity: Int, address: String
    ) async throws
        -> String
    {
        let quote = try await client.call(
            "POST", .orders, "/v1/quotes", as: .salesperson,
            [
                "customerId": customer.id, "validUntil": "2030-01-01",
                "lines": [["sku": product.sku, "quantity": quantity, "unitPrice": product.price]],
            ])
        guard let quoteId = quote["id"] as? String else { throw DemoClient.Failure("quote without id") }
        try await client.approveAll(quote["requiredApprovals"], .orders, "/v1/quotes/\(quoteId)/approvals")
        _ = try await client.call("POST", .orders, "/v1/quotes/\(quoteId)/send", as: .salesperson)
        _ = try await client.call("POST", .orders, "/v1/quotes/\(quoteId)/accept", as: .salesperson)
        let contract = try await client.call(
            "POST", .orders, "/v1/contracts", as: .salesperson,
            ["quoteId": quoteId, "deliveryAddress": address, "requestedDeliveryDate": "2030-01-01"])
        guard let contractId = contract["id"] as? String else { throw DemoClient.Failure("contract without id") }
        try await client.approveAll(contract["requiredApprovals"], .orders, "/v1/contracts/\(contractId)/approvals")
        let signed = try await client.call("POST", .orders, "/v1/contracts/\(contractId)/sign", as: .salesAdmin)
        guard let orderId = signed["orderId"] as? String else { throw DemoClient.Failure("signing gave no orderId") }
        return orderId
    }

    /// A dispatch note through pick, hand-over, gate pass, release (then `released` is called) and delivery.
    func ship(
        noteId: String, index: Int, product: DemoSeeder.Product, quantity: Int, address: String, released: () -> Void
    ) async throws {
        _ = try await client.call(
            "POST", .warehouse, "/v1/dispatch-notes/\(noteId)/pick", as: .warehouseKeeper,
            ["lines": [["sku": product.sku, "quantity": quantity]], "pickedBy": ["Wang", "Zhao"]])
        _ = try await client.call(
            "POST", .warehouse, "/v1/dispatch-notes/\(noteId)/handover", as: .warehouseKeeper,
            [
                "carrier": "Swift Freight", "signedBy": "Driver Chen",
                "waybill": [
                    "quantity": quantity, "unitFreight": "5.00", "pricingUnit": "piece", "consignee": "Li \(index)",
                    "address": address, "phone": "138000\(index)", "totalFreight": Money(minorUnits: Int64(500 * quantity)).description,
                    "destination": "Wuxi",
                ] as [String: Any],
            ])
        let pass = try await client.call("POST", .warehouse, "/v1/dispatch-notes/\(noteId)/gate-pass", as: .salesAdmin)
        guard let passId = pass["gatePassId"] as? String else { throw DemoClient.Failure("no gatePassId") }
        _ = try await client.call("POST", .warehouse, "/v1/gate-passes/\(passId)/release", as: .gatekeeper)
        released()
        _ = try await client.call(
            "POST", .warehouse, "/v1/dispatch-notes/\(noteId)/delivery", as: .salesAdmin,
            ["signedBy": "Li \(index)", "signedAt": ISO8601DateFormatter().string(from: Date())])
    }

    private func cancelOrder(_ orderId: String, marks: inout [String: ContinuousClock.Instant]) async throws -> Outcome {
        let request = try await client.call(
            "POST", .orders, "/v1/orders/\(orderId)/cancel", as: .salesperson,
            ["reason": "customer withdrew (o2c-demo)"])
        guard let requestId = request["requestId"] as? String else { throw DemoClient.Failure("cancel gave no requestId") }
        // Finance computes the penalty first; the last approval waits for it (409 penalty_pending before).
        _ = try await client.poll("penalty of \(requestId)", timeout: timeout) { () -> Bool? in
            let penalty =
                try await client.call("GET", .orders, "/v1/order-requests/\(requestId)", as: .salesManager)["penalty"] as? [String: Any]
            return penalty?["status"] as? String == "computed" ? true : nil
        }
        try await client.approveAll(request["requiredApprovals"], .orders, "/v1/order-requests/\(requestId)/approvals")
        try await waitStatus(orderId, "cancelled")
        marks["cancelled"] = clock.now
        return .cancelled
    }

    private func waitInvoice(_ orderId: String, kind: String) async throws -> [String: Any] {
        try await client.poll("\(kind) invoice of \(orderId)", timeout: timeout) {
            try await client.list(.finance, "/v1/invoices?orderId=\(orderId)", as: .finance).first { $0["kind"] as? String == kind }
        }
    }

    private func waitStatus(_ orderId: String, _ status: String) async throws {
        var last = "?"
        do {
            _ = try await client.poll("order \(orderId) \(status)", timeout: timeout) { () -> Bool? in
                last = try await client.call("GET", .orders, "/v1/orders/\(orderId)", as: .salesManager)["status"] as? String ?? "?"
                return last == status ? true : nil
            }
        } catch { throw DemoClient.Failure("order \(orderId) stayed \(last), expected \(status)") }
    }

    private func pay(_ customer: DemoSeeder.Customer, _ amount: String, reference: String) async throws {
        _ = try await client.call(
            "POST", .finance, "/v1/receipts", as: .finance,
            ["customerId": customer.id, "amount": amount, "method": "bank", "reference": reference])
    }
}
